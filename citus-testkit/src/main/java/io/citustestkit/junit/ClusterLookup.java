package io.citustestkit.junit;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which cluster a context of a {@code @CitusCluster} class uses.
 *
 * <p>The "owner" is the nearest class-level context whose class carries the annotation: the context of one run of
 * the class ({@link CitusClusterTemplate}, which knows its image), or the class's own context (the class template,
 * outside any run: {@code @BeforeAll}, static fields). {@code @Nested} classes without their own annotation find the
 * run of their enclosing class.
 *
 * <p>The owner's settings and holder live in a namespace of the context that keeps them ({@link
 * CitusClusterExtension#namespaceOf}), so a lookup that falls back to parent stores never finds an enclosing class's
 * holder. A class with one image keeps its holder in the class's store, so {@code @BeforeAll} and the run use the
 * same cluster and a class-own cluster stops after the class, as without templates. A class with several images
 * keeps one in the store of each run: a class-own cluster stops after its run. Shared holders live in the root
 * store keyed by {@link ClusterSettings}, which include the image.
 */
final class ClusterLookup {

    private ClusterLookup() {}

    /** The holder of the cluster for any context of a class using the extension. */
    static ClusterHolder holder(ExtensionContext context) {
        ExtensionContext owner = ownerContext(context);
        Optional<String> runImage = CitusClusterTemplate.imageOf(owner);
        ExtensionContext classContext = classContext(owner);
        List<String> images = imagesOf(classContext);
        Class<?> testClass = owner.getRequiredTestClass();
        String image = runImage.orElseGet(() -> {
            if (images.size() > 1) {
                throw new ExtensionConfigurationException(CitusClusterImages.where(testClass) + "image names "
                        + images.size() + " images " + images + ", so the class runs once per image with a cluster"
                        + " per run, and " + context.getUniqueId() + " is outside the runs (JUnit runs @BeforeAll and"
                        + " @AfterAll once for all of them); allowed: the cluster in constructors, @BeforeEach,"
                        + " @AfterEach, test methods and @CitusClusterResource fields (static ones are filled at the"
                        + " start of each run, after @BeforeAll)");
            }
            return images.get(0);
        });
        CitusCluster annotation = AnnotationSupport.findAnnotation(testClass, CitusCluster.class).orElseThrow();
        ExtensionContext home = images.size() > 1 ? owner : classContext;
        return home.getStore(CitusClusterExtension.namespaceOf(home)).getOrComputeIfAbsent(Ref.class.getName() + image,
                k -> {
                    ClusterSettings settings = ClusterSettings.of(annotation, testClass, image);
                    ClusterEnvironment environment = ClusterEnvironment.of(home);
                    if (!annotation.shared()) {
                        return new ClusterHolder(settings, false, environment); // closed, so stopped, with home
                    }
                    ClusterHolder shared = home.getRoot().getStore(CitusClusterExtension.NAMESPACE)
                            .getOrComputeIfAbsent(settings, s -> new ClusterHolder(s, true, environment),
                                    ClusterHolder.class);
                    return new SharedRef(shared);
                }, Ref.class).holder();
    }

    /**
     * True when {@code context} is the class context of a class with several images, outside its runs: the cluster
     * and the fields it fills come with each run. Checks the settings of every image first, so a bad attribute fails
     * the class once.
     */
    static boolean clusterPerRun(ExtensionContext context) {
        ExtensionContext owner = ownerContext(context);
        if (owner != context || CitusClusterTemplate.imageOf(owner).isPresent()) {
            return false;
        }
        List<String> images = imagesOf(owner);
        CitusCluster annotation = AnnotationSupport.findAnnotation(owner.getRequiredTestClass(), CitusCluster.class)
                .orElseThrow();
        images.forEach(image -> ClusterSettings.of(annotation, owner.getRequiredTestClass(), image));
        return images.size() > 1;
    }

    /** The checked images of the class that owns {@code context}; resolved once per class context. */
    @SuppressWarnings("unchecked")
    static List<String> imagesOf(ExtensionContext context) {
        ExtensionContext classContext = classContext(ownerContext(context));
        Class<?> testClass = classContext.getRequiredTestClass();
        CitusCluster annotation = AnnotationSupport.findAnnotation(testClass, CitusCluster.class).orElseThrow();
        return classContext.getStore(CitusClusterExtension.namespaceOf(classContext)).getOrComputeIfAbsent(
                CitusClusterImages.class, k -> CitusClusterImages.of(annotation, testClass,
                        classContext::getConfigurationParameter), List.class);
    }

    /** The class (template) context of an owner: the owner itself, or the parent of a run. */
    private static ExtensionContext classContext(ExtensionContext owner) {
        return CitusClusterTemplate.imageOf(owner).isPresent() ? owner.getParent().orElseThrow() : owner;
    }

    /** The nearest class context whose class carries {@code @CitusCluster} (itself, inherited or meta-present). */
    private static ExtensionContext ownerContext(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isEmpty()) {
                break;
            }
            if (c.getTestMethod().isEmpty()
                    && AnnotationSupport.isAnnotated(c.getRequiredTestClass(), CitusCluster.class)) {
                return c;
            }
        }
        throw new ExtensionConfigurationException("no @CitusCluster found for " + context.getUniqueId());
    }

    /** The annotation of a class or, for a @Nested class without one, of its nearest enclosing class. */
    static Optional<CitusCluster> findOwnerAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<CitusCluster> a = AnnotationSupport.findAnnotation(c, CitusCluster.class);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    /** What a store holds: a class's or run's own holder (closed with it) or a reference to a shared one. */
    interface Ref {
        ClusterHolder holder();
    }

    private static final class SharedRef implements Ref {
        private final ClusterHolder holder;

        SharedRef(ClusterHolder holder) {
            this.holder = holder;
        }

        @Override
        public ClusterHolder holder() {
            return holder;
        }
    }
}
