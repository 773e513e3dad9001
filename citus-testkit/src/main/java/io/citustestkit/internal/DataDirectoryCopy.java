package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.containers.GenericContainer;

/**
 * A stopped node's data directory, carried to the container that replaces it on another image: read from the old
 * container as Docker's archive (owner, mode and times as they are), its entries renamed to the new image's
 * {@code PGDATA}, kept in a temporary file, and written into the new container after it is created and before it
 * starts ({@code containerIsCreated}, Testcontainers' hook for that moment). Works wherever the directory was: the
 * official images' declared volume, or the tuned image's baked directory used in place (which is in the container's
 * own layer). Nothing is prepared for it while a cluster runs: a cluster that never changes image pays nothing.
 *
 * <p>Not through {@code withCopyToContainer}: Testcontainers streams a copy through a 1 KB pipe between two threads,
 * which takes about 10 s for a node's 35 MB under load; a file streamed straight to Docker takes well under one.
 *
 * <pre>{@code
 * try (DataDirectoryCopy data = DataDirectoryCopy.of(oldContainer, "/var/lib/postgresql/data")) { // old one stopped
 *     data.writeTo(client, newContainerId);   // created, not started
 * }
 * }</pre>
 */
public final class DataDirectoryCopy implements AutoCloseable {

    private final Path archive;
    private final String source;
    private final String target;

    private DataDirectoryCopy(Path archive, String source, String target) {
        this.archive = archive;
        this.source = source;
        this.target = target;
    }

    /** Reads the data directory ({@code PGDATA} of its environment) of a stopped container, for {@code target}. */
    public static DataDirectoryCopy of(GenericContainer<?> container, String target) {
        String pgdata = pgdataOf(container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getConfig().getEnv()).orElseThrow(() -> new IllegalStateException("container "
                        + container.getContainerId() + " has no PGDATA in its environment"));
        String prefix = target.replaceAll("^/+", "").replaceAll("/+$", "");
        Path file = null;
        try {
            file = Files.createTempFile("citustestkit-pgdata-", ".tar");
            try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(container
                    .getDockerClient().copyArchiveFromContainerCmd(container.getContainerId(), pgdata).exec(), 1 << 16));
                    TarArchiveOutputStream out = new TarArchiveOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    String name = e.getName();
                    int slash = name.indexOf('/'); // Docker's archive of a directory starts with its own name
                    String rest = slash < 0 ? "" : name.substring(slash + 1);
                    e.setName(rest.isEmpty() ? prefix + "/" : prefix + "/" + rest);
                    out.putArchiveEntry(e);
                    if (e.isFile()) {
                        in.transferTo(out);
                    }
                    out.closeArchiveEntry();
                }
            }
            return new DataDirectoryCopy(file, pgdata, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw new IllegalStateException("could not read the data directory " + pgdata + " of container "
                    + container.getContainerId() + ": " + e.getMessage(), e);
        }
    }

    /** {@code PGDATA} in a container's or an image's environment ({@code NAME=value} entries). */
    public static Optional<String> pgdataOf(String[] env) {
        return env == null ? Optional.empty()
                : Arrays.stream(env).filter(e -> e.startsWith("PGDATA=")).map(e -> e.substring(7))
                        .filter(v -> !v.isBlank()).reduce((first, later) -> later);
    }

    /** Where the directory was in the old container. */
    public String source() {
        return source;
    }

    /** Where it goes in the new one. */
    public String target() {
        return target;
    }

    /** Bytes of the archive (the directory's size, about). */
    public long size() {
        try {
            return Files.size(archive);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Writes the directory into a created container (before it starts), owner, modes and times kept. */
    public void writeTo(DockerClient client, String containerId) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            client.copyArchiveToContainerCmd(containerId).withTarInputStream(in).withRemotePath("/").exec();
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy data directory " + source + " to " + target
                    + " of container " + containerId, e);
        }
    }

    /** Removes the temporary archive. */
    @Override
    public void close() {
        deleteQuietly(archive);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its temp directory
            }
        }
    }
}
