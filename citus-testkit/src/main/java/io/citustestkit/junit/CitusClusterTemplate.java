package io.citustestkit.junit;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One run of a {@code @CitusCluster} class per image: {@code @CitusCluster} is meta-annotated with JUnit's
 * {@code @ClassTemplate}, and this provider turns the class's images ({@link CitusClusterImages}) into invocations
 * whose display name is the image. A class with one image runs once, under one invocation named after its image.
 *
 * <p>How the image reaches the extension: each invocation puts its image into the store of its own
 * {@code ExtensionContext} (in the namespace of that context, {@link CitusClusterExtension#namespaceOf}), and
 * {@link #imageOf} reads it back for the invocation context, which is the parent of the test methods and
 * {@code @Nested} classes of that run.
 */
final class CitusClusterTemplate implements ClassTemplateInvocationContextProvider {

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getRequiredTestClass(), CitusCluster.class);
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return ClusterLookup.imagesOf(context).stream().map(ImageRun::new);
    }

    /** The image of a run when {@code context} is the context of one run of a class template, else empty. */
    static Optional<String> imageOf(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(CitusClusterExtension.namespaceOf(context))
                .get(ImageRun.class, String.class));
    }

    /** One run: named after its image, which it leaves in the store of its context. */
    private static final class ImageRun implements ClassTemplateInvocationContext {
        private final String image;

        ImageRun(String image) {
            this.image = image;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return image;
        }

        @Override
        public void prepareInvocation(ExtensionContext context) {
            context.getStore(CitusClusterExtension.namespaceOf(context)).put(ImageRun.class, image);
        }
    }
}
