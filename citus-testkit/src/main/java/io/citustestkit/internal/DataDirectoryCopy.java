package io.citustestkit.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Checksum;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * A stopped node's data directory, carried to the container that replaces it on another image: read from the old
 * container as Docker's archive (owner, mode and times as they are) into a temporary file, and written into the new
 * container, after it is created and before it starts, under the new image's {@code PGDATA} (Testcontainers'
 * {@link GenericContainer#withCopyToContainer}). Works wherever the directory was: the official images' declared
 * volume, or the tuned image's baked directory used in place (which is in the container's own layer). Nothing is
 * prepared for it while a cluster runs: a cluster that never changes image pays nothing.
 *
 * <pre>{@code
 * try (DataDirectoryCopy data = DataDirectoryCopy.of(oldContainer)) {   // the old container is stopped
 *     next.withCopyToContainer(data.into("/var/lib/postgresql/data"), "/var/lib/postgresql/data");
 *     next.start();
 * }
 * }</pre>
 */
public final class DataDirectoryCopy implements AutoCloseable {

    private final Path archive;
    private final String source;
    private volatile boolean closed;

    private DataDirectoryCopy(Path archive, String source) {
        this.archive = archive;
        this.source = source;
    }

    /** Reads the data directory ({@code PGDATA} of its environment) of a stopped container. */
    public static DataDirectoryCopy of(GenericContainer<?> container) {
        String pgdata = pgdataOf(container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getConfig().getEnv()).orElseThrow(() -> new IllegalStateException("container "
                        + container.getContainerId() + " has no PGDATA in its environment"));
        Path file = null;
        try {
            file = Files.createTempFile("citustestkit-pgdata-", ".tar");
            try (InputStream in = container.getDockerClient()
                    .copyArchiveFromContainerCmd(container.getContainerId(), pgdata).exec()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new DataDirectoryCopy(file, pgdata);
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

    /** Bytes of the archive (the directory's size, about). */
    public long size() {
        try {
            return Files.size(archive);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The directory's contents as a copy into {@code target} (its owner, modes and times kept); once this copy is
     * closed, it copies nothing (a container's copies stay with it for later starts).
     */
    public Transferable into(String target) {
        String prefix = target.replaceAll("^/+", "").replaceAll("/+$", "");
        return new Transferable() {
            @Override
            public long getSize() {
                return size();
            }

            @Override
            public void updateChecksum(Checksum checksum) {
                // the copy is made once, into a new container that is never reused: nothing to tell apart
            }

            @Override
            public String getDescription() {
                return "data directory " + source + " -> " + target;
            }

            @Override
            public void transferTo(TarArchiveOutputStream out, String destination) {
                if (closed) { // a container keeps what it copies at each start: a later start copies nothing
                    return;
                }
                try (TarArchiveInputStream in = new TarArchiveInputStream(
                        new BufferedInputStream(Files.newInputStream(archive)))) {
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
                } catch (IOException e) {
                    throw new UncheckedIOException("could not copy " + getDescription(), e);
                }
            }
        };
    }

    /** Removes the temporary archive. */
    @Override
    public void close() {
        closed = true;
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
