package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Disables a test class or method, with a reason naming the image, when the Citus image is neither present in the
 * local Docker image store nor pullable (or Docker itself is absent). For example projects and suites that must
 * pass on machines without the image or without a registry.
 *
 * <pre>{@code
 * @DisabledWithoutCitusImage
 * @CitusCluster(workers = 1)
 * class QuickstartTest { ... }
 * }</pre>
 *
 * <p>The image is {@link #value()}; when empty, the class's {@link CitusCluster#image()}; when that is empty too,
 * the global default ({@link CitusCluster#IMAGE_PROPERTY} as JUnit configuration parameter or system property,
 * else {@code CitusClusterContainer.DEFAULT_IMAGE}). The check is made once per image and JVM: a local lookup,
 * then at most one pull attempt (bounded by {@code -Dcitustestkit.pull.timeout}, seconds, default 300).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(DisabledWithoutCitusImageCondition.class)
public @interface DisabledWithoutCitusImage {

    /** The image to require; empty (the default) means the one {@code @CitusCluster} would use. */
    String value() default "";
}
