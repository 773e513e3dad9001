package io.citustestkit.testsupport;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Base of ITs that run once per test image ({@link TestImages#all()}) with one cluster per image. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.citustestkit.testsupport.TestImages#all")
public abstract class PerImageCluster extends ImageClusterBase {}
