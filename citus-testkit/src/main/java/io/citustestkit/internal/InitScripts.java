package io.citustestkit.internal;

/**
 * The one check of init-script paths, shared by {@code CitusClusterContainer.withInitScript(s)} and
 * {@code @CitusCluster(initScripts)}, so both accept and refuse the same paths. A path is what Testcontainers'
 * {@code ScriptUtils} loads: a classpath resource found by the thread's context class loader or by the class loader
 * of the kit, both through {@link ClassLoader#getResource(String)}, which takes no leading {@code "/"}.
 */
public final class InitScripts {

    static final String ALLOWED = "a classpath resource that exists, such as \"schema.sql\" in src/test/resources";

    private InitScripts() {}

    /**
     * Returns {@code path} when it names an existing classpath resource; otherwise throws an
     * {@link IllegalArgumentException} whose message starts with {@code element} and says what is allowed.
     *
     * @param element what the path is, as the user wrote it, such as {@code "initScript"} or
     *                {@code "@CitusCluster(initScripts) of com.example.OrdersTest"}
     */
    public static String requireClasspathResource(String element, String path) {
        if (path == null) {
            throw new IllegalArgumentException(element + " was null; allowed: " + ALLOWED);
        }
        if (path.isBlank()) {
            throw new IllegalArgumentException(element + " was blank (\"" + path + "\"); allowed: " + ALLOWED);
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException(element + " was \"" + path + "\"; allowed: a classpath resource"
                    + " without a leading \"/\" (Testcontainers loads init scripts with ClassLoader.getResource,"
                    + " which does not take one): drop the leading slash, as in \"" + path.replaceFirst("^/+", "")
                    + "\"");
        }
        if (!exists(path)) {
            throw new IllegalArgumentException(element + " was \"" + path + "\"; allowed: " + ALLOWED);
        }
        return path;
    }

    private static boolean exists(String path) {
        return resource(path) != null;
    }

    /** The lookup of Testcontainers' {@code ScriptUtils.runInitScript}: context class loader, then its own; or null. */
    static java.net.URL resource(String path) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        java.net.URL url = context == null ? null : context.getResource(path);
        ClassLoader own = InitScripts.class.getClassLoader();
        return url != null || own == null ? url : own.getResource(path);
    }

    /** The paths and a hash of their contents: two clusters with the same fingerprint ran the same scripts. */
    public static String fingerprint(Iterable<String> paths) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            StringBuilder names = new StringBuilder();
            for (String path : paths) {
                names.append(names.length() == 0 ? "" : ",").append(path);
                ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : InitScripts.class.getClassLoader();
                try (java.io.InputStream in = loader.getResourceAsStream(path)) {
                    digest.update(in == null ? new byte[0] : in.readAllBytes());
                }
            }
            return names + "#" + java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not read the init scripts " + paths + ": " + e.getMessage(), e);
        }
    }
}
