package io.citustestkit.junit;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit resource lock that keeps tests of one cluster with a reset mode apart under parallel execution: a class
 * (or {@code @Nested} class with its own annotation) whose {@code reset} is not {@code NONE} holds, for its whole
 * run, an exclusive lock named after its cluster settings. Classes of the same cluster therefore run one at a
 * time, and the children of a class holding an exclusive lock run in one thread, so a reset never meets another
 * test's data. The image is left out of the key on purpose: it may come from a configuration parameter this
 * provider cannot see, and a coarser key is still correct. Classes with {@code shared = false} lock a key of their
 * own class.
 */
final class CitusClusterLocks implements ResourceLocksProvider {

    static final String PREFIX = "io.citustestkit.junit.CitusCluster";

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        return lockFor(testClass);
    }

    @Override
    public Set<Lock> provideForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> testClass) {
        return lockFor(testClass);
    }

    static Set<Lock> lockFor(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, CitusCluster.class)
                .filter(a -> a.reset() != Reset.NONE)
                .map(a -> Set.of(new Lock(key(a, testClass), ResourceAccessMode.READ_WRITE)))
                .orElse(Set.of());
    }

    static String key(CitusCluster a, Class<?> testClass) {
        String cluster = a.shared()
                ? "workers=" + a.workers() + ",shardCount=" + a.shardCount() + ",initScripts="
                        + Arrays.toString(a.initScripts()) + ",reset=" + a.reset()
                        + ",keptTables=" + Arrays.toString(a.keptTables())
                : "class=" + testClass.getName();
        return PREFIX + "[" + cluster + "]";
    }
}
