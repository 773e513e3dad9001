package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lets a build that opted in skip a test class or method, with a reason naming the image, when the Citus image is
 * neither present in the local Docker image store nor pullable (or Docker itself is absent). For builds that must
 * pass on machines that cannot have the image (no registry, no Docker), such as this library's own examples.
 *
 * <p><b>Nothing is skipped unless the build asks for it</b> with the JUnit configuration parameter or system
 * property {@value #SKIP_PROPERTY}{@code =true}. Without it the annotation does nothing: the tests run, and an image
 * that cannot be had (a typo in the tag, no registry) fails them with
 * {@link io.citustestkit.CitusImageUnavailableException}, so a build that tested nothing is never green. With it,
 * every class or method it disables is also reported on the console (standard error), not only in the test reports:
 *
 * <pre>
 * [citus-testkit] SKIPPED com.example.OrdersIT: @DisabledWithoutCitusImage: image citusdata/citus:12.1-pg16 is not
 * present locally and could not be pulled (...) (citustestkit.skipWithoutImage=true: these tests did not run)
 * </pre>
 *
 * <pre>{@code
 * @DisabledWithoutCitusImage      // skips only under -Dcitustestkit.skipWithoutImage=true
 * @CitusCluster(workers = 1)
 * class QuickstartIT { ... }
 * }</pre>
 *
 * <p>The image is {@link #value()}; when empty, the class's {@link CitusCluster#image()}; when that is empty too,
 * the global default ({@link CitusCluster#IMAGE_PROPERTY} as JUnit configuration parameter or system property,
 * else {@code CitusClusterContainer.DEFAULT_IMAGE}). The check is made once per image and JVM, and only when the
 * build opted in: a local lookup, then at most one pull attempt (bounded by {@code -Dcitustestkit.pull.timeout},
 * seconds, default 300).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(DisabledWithoutCitusImageCondition.class)
public @interface DisabledWithoutCitusImage {

    /**
     * JUnit configuration parameter or system property; {@code true} lets {@code @DisabledWithoutCitusImage} skip
     * tests whose image cannot be had. Unset or anything else: nothing is skipped.
     */
    String SKIP_PROPERTY = "citustestkit.skipWithoutImage";

    /** The image to require; empty (the default) means the one {@code @CitusCluster} would use. */
    String value() default "";
}
