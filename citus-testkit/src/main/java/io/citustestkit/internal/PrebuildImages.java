package io.citustestkit.internal;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.utility.DockerImageName;

/**
 * Builds the kit's images ahead of the tests, for a CI step before the test run or an image cache: the tuned image of
 * each base image given, and with {@code --patroni} also its Patroni image. Prints each image's tag (what
 * {@code docker save} should keep). The tags are the ones the tests look for (base image id + the kit's bundled files),
 * so a later run with the same kit version and base images builds nothing. See docs/ci.md "Fresh runners".
 *
 * <pre>
 * ./mvnw -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.citustestkit.internal.PrebuildImages -Dexec.args="citusdata/citus:13.2.0 --patroni"
 * </pre>
 */
public final class PrebuildImages {

    private PrebuildImages() {}

    public static void main(String[] args) {
        boolean patroni = false;
        List<String> bases = new ArrayList<>();
        for (String arg : args) {
            if ("--patroni".equals(arg)) {
                patroni = true;
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("argument was " + arg + "; allowed: base image names and --patroni");
            } else {
                bases.add(arg);
            }
        }
        if (bases.isEmpty()) {
            bases.add(io.citustestkit.CitusClusterContainer.DEFAULT_IMAGE);
        }
        for (String base : bases) {
            DockerImageName name = DockerImageName.parse(base);
            long t0 = System.nanoTime();
            System.out.println(TunedImages.resolve(name).asCanonicalNameString() + "  (" + ms(t0) + " ms)");
            if (patroni) {
                t0 = System.nanoTime();
                System.out.println(PatroniImages.resolve(name).asCanonicalNameString() + "  (" + ms(t0) + " ms)");
            }
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
