package io.citustestkit.internal;

import java.time.Duration;

/**
 * The one parser of the kit's own system properties (pull and build timeouts, benchmark sizes): a whole number, read
 * when asked, with a message that names the property, the value and what is allowed.
 *
 * <pre>{@code
 * Duration pull = KitProperties.seconds(ImagePipeline.PULL_TIMEOUT_PROPERTY, Duration.ofSeconds(300));
 * }</pre>
 */
public final class KitProperties {

    private KitProperties() {}

    /** A whole number of seconds, 1 or more; the default when the property is unset or blank. */
    public static Duration seconds(String property, Duration defaultValue) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return Duration.ofSeconds(parse(property, value, 1, Integer.MAX_VALUE, "a whole number of seconds, 1 or more"));
    }

    /** A whole number in {@code min..max}; the default when the property is unset or blank. */
    public static int number(String property, int defaultValue, int min, int max) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return parse(property, value, min, max, "a whole number in " + min + ".." + max);
    }

    private static int parse(String property, String value, int min, int max, String allowed) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " was \"" + value + "\"; allowed: " + allowed);
    }
}
