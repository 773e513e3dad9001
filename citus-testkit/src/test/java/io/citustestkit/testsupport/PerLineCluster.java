package io.citustestkit.testsupport;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base of ITs that run once per kind of line ({@link TestImages#lines()}: the default image, the oldest and the
 * newest PostgreSQL) with one cluster per image: what they check differs by PostgreSQL or the image's layout more
 * than by Citus' minor version.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.citustestkit.testsupport.TestImages#lines")
public abstract class PerLineCluster extends ImageClusterBase {}
