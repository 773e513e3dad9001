package io.citustestkit.internal;

/**
 * The one check of init script paths, for {@code withInitScript(s)} and {@code @CitusCluster(initScripts)} alike: a
 * classpath resource that exists, named as Testcontainers loads it ({@code ClassLoader.getResource}, so without a
 * leading {@code /}). A bad path fails when it is given, naming where it was given, not after the cluster started.
 *
 * <pre>{@code
 * InitScripts.requireClasspathResource("initScript", "db/schema.sql");
 * }</pre>
 */
public final class InitScripts {

    private InitScripts() {}

    /** The path, when it names a classpath resource; else an {@link IllegalArgumentException} naming the element. */
    public static String requireClasspathResource(String element, String path) {
        Args.notBlank(element, path);
        if (path.startsWith("/")) {
            throw new IllegalArgumentException(element + " was \"" + path + "\"; allowed: a classpath resource without"
                    + " a leading slash, such as \"" + path.replaceFirst("^/+", "") + "\"");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if ((context == null || context.getResource(path) == null)
                && InitScripts.class.getClassLoader().getResource(path) == null) {
            throw new IllegalArgumentException(element + " was \"" + path + "\"; allowed: a classpath resource that"
                    + " exists, such as \"schema.sql\" in src/test/resources");
        }
        return path;
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
