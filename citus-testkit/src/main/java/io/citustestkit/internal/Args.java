package io.citustestkit.internal;

import java.util.regex.Pattern;

/** Argument checks whose messages name the element, the value and what is allowed. */
public final class Args {

    private static final Pattern CONFIG_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Args() {}

    public static int inRange(String element, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    element + " was " + value + "; allowed: " + min + ".." + max);
        }
        return value;
    }

    public static int positive(String element, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    element + " was " + value + "; allowed: a whole number of 1 or more");
        }
        return value;
    }

    public static String notBlank(String element, String value) {
        if (value == null) {
            throw new IllegalArgumentException(element + " was null; allowed: a non-blank string");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(
                    element + " was blank (\"" + value + "\"); allowed: a non-blank string");
        }
        return value;
    }

    public static <T> T notNull(String element, T value) {
        if (value == null) {
            throw new IllegalArgumentException(element + " was null; allowed: a non-null value");
        }
        return value;
    }

    /** A PostgreSQL configuration parameter name such as {@code work_mem} or {@code citus.shard_count}. */
    public static String configName(String value) {
        notBlank("config parameter name", value);
        if (!CONFIG_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "config parameter name was \"" + value + "\"; allowed: a PostgreSQL setting name such as"
                            + " work_mem or citus.shard_count (letters, digits, _ and one optional dot)");
        }
        return value;
    }

    /** A value that can be given as {@code -c name=value}: any text without NUL or line breaks. */
    public static String configValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "value of config parameter " + name + " was null; allowed: a string without line breaks");
        }
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    "value of config parameter " + name + " contains a NUL or line break; allowed: a single-line string");
        }
        return value;
    }

    /** A role or database name: PostgreSQL accepts almost anything quoted, the official image does not accept everything. */
    public static String identifier(String element, String value) {
        notBlank(element, value);
        if (value.length() > 63) {
            throw new IllegalArgumentException(
                    element + " was \"" + value + "\" (" + value.length() + " characters); allowed: at most 63 characters");
        }
        if (value.indexOf('\0') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    element + " was \"" + value + "\"; allowed: a name without double quotes, NUL or line breaks");
        }
        return value;
    }

    /** {@code name} or {@code schema.name}, each part plain ({@code [A-Za-z_][A-Za-z0-9_$]*}) or double-quoted. */
    private static final String NAME_PART = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(NAME_PART + "(?:\\." + NAME_PART + ")?");

    /** A table name as SQL writes it: {@code table} or {@code schema.table}, parts plain or double-quoted. */
    public static String qualifiedName(String element, String value) {
        notBlank(element, value);
        if (!QUALIFIED_NAME.matcher(value).matches() || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(element + " was \"" + value + "\"; allowed: a table name as in SQL,"
                    + " table or schema.table (parts plain, such as public.countries, or double-quoted)");
        }
        return value;
    }

    /** A positive duration. */
    public static java.time.Duration positive(String element, java.time.Duration value) {
        notNull(element, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(element + " was " + value + "; allowed: a positive duration");
        }
        return value;
    }
}
