package io.citustestkit.junit;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit resource locks that keep tests of one cluster with a reset mode apart under parallel execution: a class
 * (or {@code @Nested} class with its own annotation) whose {@code reset} is not {@code NONE} holds, for its whole
 * run, an exclusive lock named after its cluster settings. Classes of the same cluster therefore run one at a
 * time, and the children of a class holding an exclusive lock run in one thread, so a reset never meets another
 * test's data. Classes with {@code shared = false} lock a key of their own class.
 *
 * <p>Images. A provider sees the class only, never a run of a class template: JUnit asks it for the class, and the
 * template holds the locks of all its runs for its whole execution (a run's own lock set is empty). So a class locks
 * every image it names, each under its own key ({@code image=...}). A class that names none gets its image from
 * {@value CitusCluster#IMAGE_PROPERTY}, which may be a configuration parameter this provider cannot see: it locks the
 * key {@code image=(citustestkit.image)} exclusively, and every class naming images holds that key for reading, so a
 * class naming image X never runs beside a class whose property resolves to X, while classes naming different images
 * do run in parallel.
 *
 * <p>A class with several images and static {@code @CitusClusterResource} fields (filled at the start of each run)
 * also locks its own class, so that its runs take turns; images from the configuration parameter alone are not seen
 * here (use the system property, or instance fields, for such classes under parallel execution).
 */
final class CitusClusterLocks implements ResourceLocksProvider {

    static final String PREFIX = "io.citustestkit.junit.CitusCluster";

    /** The image part of the key of a class that takes its image from {@value CitusCluster#IMAGE_PROPERTY}. */
    static final String PROPERTY_IMAGE = "(" + CitusCluster.IMAGE_PROPERTY + ")";

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        return lockFor(testClass);
    }

    @Override
    public Set<Lock> provideForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> testClass) {
        return lockFor(testClass);
    }

    static Set<Lock> lockFor(Class<?> testClass) {
        CitusCluster a = AnnotationSupport.findAnnotation(testClass, CitusCluster.class).orElse(null);
        if (a == null) {
            return Set.of();
        }
        Set<Lock> locks = new HashSet<>();
        boolean property = CitusClusterImages.namesDefault(a.image());
        if (a.reset() != Reset.NONE) {
            if (!a.shared()) {
                locks.add(new Lock(PREFIX + "[class=" + testClass.getName() + "]", ResourceAccessMode.READ_WRITE));
            } else if (property) {
                locks.add(new Lock(key(a, PROPERTY_IMAGE), ResourceAccessMode.READ_WRITE));
            } else {
                Arrays.stream(a.image()).forEach(i -> locks.add(new Lock(key(a, i), ResourceAccessMode.READ_WRITE)));
                locks.add(new Lock(key(a, PROPERTY_IMAGE), ResourceAccessMode.READ));
            }
        }
        int images = property ? System.getProperty(CitusCluster.IMAGE_PROPERTY, "").split(",").length
                : a.image().length;
        if (images > 1 && hasStaticFields(testClass)) {
            locks.add(new Lock(PREFIX + "[runs of " + testClass.getName() + "]", ResourceAccessMode.READ_WRITE));
        }
        return locks;
    }

    /** The key of a shared cluster with these settings and image. */
    static String key(CitusCluster a, String image) {
        return PREFIX + "[image=" + image + ",workers=" + a.workers() + ",shardCount=" + a.shardCount()
                + ",initScripts=" + Arrays.toString(a.initScripts()) + ",dataScripts="
                + Arrays.toString(a.dataScripts()) + ",reset=" + a.reset() + ",keptTables="
                + Arrays.toString(a.keptTables()) + ",hostReachableNodes=" + a.hostReachableNodes() + "]";
    }

    private static boolean hasStaticFields(Class<?> testClass) {
        return !AnnotationSupport.findAnnotatedFields(testClass, CitusClusterResource.class,
                f -> Modifier.isStatic(f.getModifiers())).isEmpty();
    }
}
