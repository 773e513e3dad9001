package io.citustestkit.internal;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
            throw new IllegalArgumentException(element + " was \"" + path + "\"; allowed: " + allowedInstead(path));
        }
        return path;
    }

    /**
     * What is allowed instead of a path that names no resource: the {@code .sql} files in the same classpath folder
     * when there are any ({@code a classpath resource that exists; the .sql files in "db/" are "db/schema.sql",
     * "db/seed.sql"}), else the general rule.
     */
    static String allowedInstead(String path) {
        List<String> there = sqlFilesNextTo(path);
        if (there.isEmpty()) {
            return ALLOWED;
        }
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "the classpath root" : "\"" + path.substring(0, slash + 1) + "\"";
        return "a classpath resource that exists; the .sql files in " + folder + " are "
                + there.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));
    }

    /**
     * The {@code .sql} resources in the classpath folder of {@code path} (its directory part; the root for a bare
     * name), as classpath paths, sorted: from folders and jars the class loaders of {@link #resource} see. Empty when
     * the folder is not there or cannot be listed.
     */
    static List<String> sqlFilesNextTo(String path) {
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "" : path.substring(0, slash + 1);
        Set<String> found = new TreeSet<>();
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        if (Thread.currentThread().getContextClassLoader() != null) {
            loaders.add(Thread.currentThread().getContextClassLoader());
        }
        if (InitScripts.class.getClassLoader() != null) {
            loaders.add(InitScripts.class.getClassLoader());
        }
        for (ClassLoader loader : loaders) {
            try {
                for (URL url : Collections.list(loader.getResources(folder))) {
                    list(url, folder, found);
                }
            } catch (IOException | RuntimeException e) {
                // a folder that cannot be listed adds nothing: the message falls back to the general rule
            }
        }
        return new ArrayList<>(found);
    }

    private static void list(URL url, String folder, Set<String> found) throws IOException {
        if ("file".equals(url.getProtocol())) {
            try (Stream<Path> files = Files.list(Path.of(URI.create(url.toString())))) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                        .forEach(n -> found.add(folder + n));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // not a plain file URL
            }
        } else if ("jar".equals(url.getProtocol())) {
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection) {
                JarURLConnection jar = (JarURLConnection) connection;
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    file.stream().map(JarEntry::getName)
                            .filter(n -> n.startsWith(folder) && n.endsWith(".sql")
                                    && n.indexOf('/', folder.length()) < 0)
                            .forEach(found::add);
                }
            }
        }
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
