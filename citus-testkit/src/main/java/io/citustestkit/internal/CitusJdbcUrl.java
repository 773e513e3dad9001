package io.citustestkit.internal;

import io.citustestkit.CitusClusterContainer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.testcontainers.jdbc.ConnectionUrl;
import org.testcontainers.utility.DockerImageName;

/**
 * What a {@code jdbc:tc:citus:<tag>:///<database>?TC_WORKERS=n&TC_SHARD_COUNT=n} URL asks for, read with
 * Testcontainers' own {@link ConnectionUrl} and checked: a parameter with a value the cluster cannot take fails
 * here, before anything starts, with the parameter's name, its value and what is allowed.
 *
 * <p>{@code TC_INITSCRIPT}, {@code TC_INITFUNCTION} and {@code TC_DAEMON} are carried out by Testcontainers'
 * {@code ContainerDatabaseDriver} once the cluster is up (so an init script's distributed DDL finds the workers
 * registered); they are only checked here.
 *
 * @param image the image the URL names, or empty when it names no tag (then the kit's default image is used)
 * @param databaseName the database name after {@code ///}, if any
 * @param user the {@code user} query parameter, if any
 * @param password the {@code password} query parameter, if any
 * @param workers {@code TC_WORKERS}, if given
 * @param shardCount {@code TC_SHARD_COUNT}, if given
 * @param reusable {@code TC_REUSABLE=true}
 */
public record CitusJdbcUrl(Optional<DockerImageName> image, Optional<String> databaseName, Optional<String> user,
        Optional<String> password, OptionalInt workers, OptionalInt shardCount, boolean reusable) {

    /** The database type of the URL: {@code jdbc:tc:citus:...}. */
    public static final String DATABASE_TYPE = "citus";

    /** The image a tag in the URL names: {@code jdbc:tc:citus:13.2.0:///db} runs {@code citusdata/citus:13.2.0}. */
    public static final String IMAGE_REPOSITORY = "citusdata/citus";

    /** Number of workers, 0..{@value #MAX_WORKERS}. */
    public static final String WORKERS = "TC_WORKERS";

    /** Shards per new distributed table ({@code citus.shard_count}), 1..{@value #MAX_SHARD_COUNT}. */
    public static final String SHARD_COUNT = "TC_SHARD_COUNT";

    /** Testcontainers' standard parameters that the cluster supports. */
    public static final String INIT_SCRIPT = "TC_INITSCRIPT";
    /** See {@link #INIT_SCRIPT}. */
    public static final String INIT_FUNCTION = "TC_INITFUNCTION";
    /** See {@link #INIT_SCRIPT}. */
    public static final String DAEMON = "TC_DAEMON";
    /** See {@link #INIT_SCRIPT}. */
    public static final String REUSABLE = "TC_REUSABLE";

    /** Every {@code TC_*} parameter a citus URL may carry. */
    public static final List<String> PARAMETERS = List.of(WORKERS, SHARD_COUNT, INIT_SCRIPT, INIT_FUNCTION, DAEMON, REUSABLE);

    /** Query parameters that set the user and password, as in {@code jdbc:tc:postgresql:}. */
    public static final String USER_PARAMETER = "user";
    /** See {@link #USER_PARAMETER}. */
    public static final String PASSWORD_PARAMETER = "password";

    static final int MAX_WORKERS = CitusClusterContainer.MAX_WORKERS;
    static final int MAX_SHARD_COUNT = 64000;

    private static final Pattern DOCKER_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String JAVA_NAME = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern INIT_FUNCTION_REFERENCE =
            Pattern.compile("(" + JAVA_NAME + "\\.)*" + JAVA_NAME + "::" + JAVA_NAME);
    private static final String FILE_PREFIX = "file:";

    /**
     * Reads and checks a {@code jdbc:tc:citus:} URL.
     *
     * @param url the URL as Testcontainers parsed it
     * @return what it asks for
     * @throws IllegalArgumentException naming the parameter, its value and what is allowed
     */
    public static CitusJdbcUrl parse(ConnectionUrl url) {
        Args.notNull("url", url);
        if (!DATABASE_TYPE.equals(url.getDatabaseType())) {
            throw new IllegalArgumentException("database type of the JDBC URL was \"" + url.getDatabaseType()
                    + "\"; allowed: " + DATABASE_TYPE + " (jdbc:tc:citus:<tag>:///<database>)");
        }
        Map<String, String> parameters = containerParameters(url.getUrl());
        checkFlags(parameters);
        checkInitScript(parameters.get(INIT_SCRIPT));
        checkInitFunction(parameters.get(INIT_FUNCTION));
        return new CitusJdbcUrl(url.getImageTag().map(CitusJdbcUrl::imageFor),
                url.getDatabaseName(),
                Optional.ofNullable(url.getQueryParameters().get(USER_PARAMETER)),
                Optional.ofNullable(url.getQueryParameters().get(PASSWORD_PARAMETER)),
                wholeNumber(parameters, WORKERS, 0, MAX_WORKERS),
                wholeNumber(parameters, SHARD_COUNT, 1, MAX_SHARD_COUNT),
                Boolean.parseBoolean(parameters.get(REUSABLE)));
    }

    /**
     * Reads and checks a URL given as text; see {@link #parse(ConnectionUrl)}.
     *
     * @param url such as {@code jdbc:tc:citus:13.2.0:///shop?TC_WORKERS=1}
     * @return what it asks for
     */
    public static CitusJdbcUrl parse(String url) {
        return parse(ConnectionUrl.newInstance(Args.notBlank("url", url)));
    }

    /**
     * The image a URL's tag names.
     *
     * @param tag such as {@code 13.2.0} or {@code 14.0.0-pg17}
     * @return {@code citusdata/citus:<tag>}
     */
    public static DockerImageName imageFor(String tag) {
        if (tag == null || !DOCKER_TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("image tag of the jdbc:tc:citus URL was \"" + tag + "\"; allowed: a tag of "
                    + IMAGE_REPOSITORY + " such as 13.2.0 (letters, digits, _ . -), as in jdbc:tc:citus:13.2.0:///test");
        }
        return DockerImageName.parse(IMAGE_REPOSITORY).withTag(tag);
    }

    /** Every {@code TC_*} parameter of the URL's query string, each at most once, each a known one. */
    private static Map<String, String> containerParameters(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int query = url.indexOf('?');
        if (query < 0) {
            return parameters;
        }
        for (String pair : url.substring(query + 1).split("[?&]")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.toUpperCase(Locale.ROOT).startsWith("TC_")) {
                continue;
            }
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("jdbc:tc:citus URL parameter was " + name + "; allowed: "
                        + String.join(", ", PARAMETERS) + unsupportedReason(name));
            }
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " in the jdbc:tc:citus URL has no value; allowed: "
                        + allowed(name));
            }
            if (parameters.put(name, value) != null) {
                throw new IllegalArgumentException(name + " is given more than once in the jdbc:tc:citus URL; allowed: once");
            }
        }
        return parameters;
    }

    private static String unsupportedReason(String name) {
        return "TC_TMPFS".equals(name)
                ? " (TC_TMPFS would cover the coordinator only and hide the tuned image's prepared data directory)"
                : "";
    }

    private static String allowed(String name) {
        switch (name) {
            case WORKERS:
                return "a whole number 0.." + MAX_WORKERS;
            case SHARD_COUNT:
                return "a whole number 1.." + MAX_SHARD_COUNT;
            case DAEMON:
            case REUSABLE:
                return "true or false";
            case INIT_SCRIPT:
                return "a classpath resource or a file: URL of an SQL script";
            default:
                return "a public static method taking a java.sql.Connection, as com.example.Db::init";
        }
    }

    private static OptionalInt wholeNumber(Map<String, String> parameters, String name, int min, int max) {
        String value = parameters.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        int number;
        try {
            number = value.matches("[0-9]{1,9}") ? Integer.parseInt(value) : -1;
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < min || number > max) {
            throw invalid(name, value);
        }
        return OptionalInt.of(number);
    }

    private static void checkFlags(Map<String, String> parameters) {
        for (String flag : List.of(DAEMON, REUSABLE)) {
            String value = parameters.get(flag);
            if (value != null && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw invalid(flag, value);
            }
        }
    }

    private static void checkInitScript(String script) {
        if (script != null && !scriptExists(script)) {
            throw new IllegalArgumentException(INIT_SCRIPT + " was \"" + script + "\", which was not found; allowed: "
                    + allowed(INIT_SCRIPT));
        }
    }

    private static void checkInitFunction(String function) {
        if (function != null && !INIT_FUNCTION_REFERENCE.matcher(function).matches()) {
            throw invalid(INIT_FUNCTION, function);
        }
    }

    private static IllegalArgumentException invalid(String name, String value) {
        return new IllegalArgumentException(name + " was \"" + value + "\" in the jdbc:tc:citus URL; allowed: "
                + allowed(name));
    }

    /** Found where ContainerDatabaseDriver will look: a file: URL, else the context class loader. */
    private static boolean scriptExists(String script) {
        if (script.startsWith(FILE_PREFIX)) {
            // file:relative/path.sql (from the working directory) or file:/absolute/path.sql, as the driver reads it
            try {
                return Files.isRegularFile(Path.of(script.substring(FILE_PREFIX.length())));
            } catch (InvalidPathException e) {
                return false;
            }
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CitusJdbcUrl.class.getClassLoader();
        }
        return loader.getResource(script) != null;
    }
}
