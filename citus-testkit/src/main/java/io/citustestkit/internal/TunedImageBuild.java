package io.citustestkit.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * One build of one tuned image tag in this JVM: at most one runs per tag, whoever asks for it. A cluster that needs the
 * image {@linkplain #join() builds it now} (or waits for the build already running); a cluster that runs on the base
 * image meanwhile {@linkplain #startInBackground() lets it run in the background} once it is ready itself, on a daemon
 * thread and at low CPU priority ({@value #BACKGROUND_CPU_SHARES} CPU shares for the build's steps instead of
 * Docker's 1024), so the tests using that cluster keep the CPU.
 *
 * <p>A half-built image is never used: Docker applies the tag only when the whole build succeeded, and clusters look
 * for the tag. A build cut off by the JVM's exit (the daemon thread ends, Docker drops the build with its connection)
 * leaves at most untagged intermediate layers and no tag: the next JVM builds again. Two JVMs that build the same tag
 * at once each finish their own build (same files, same base); the tag points at the one that finished last and the
 * other becomes an untagged image that containers already running on it keep using.
 */
final class TunedImageBuild {

    /** CPU shares of a background build's steps (Docker's default is 1024; the legacy builder applies them). */
    static final String BACKGROUND_CPU_SHARES = "64";

    private static final Logger LOG = LoggerFactory.getLogger(TunedImageBuild.class);
    private static final Map<String, TunedImageBuild> RUNNING = new ConcurrentHashMap<>();
    private static final Set<String> FAILED_IN_BACKGROUND = ConcurrentHashMap.newKeySet();

    private final DockerImageName base;
    private final DockerImageName tag;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<DockerImageName> result = new CompletableFuture<>();

    private TunedImageBuild(DockerImageName base, DockerImageName tag) {
        this.base = base;
        this.tag = tag;
    }

    /** The build of this tag: the one of this JVM that has not finished yet, or a new one (not started). */
    static TunedImageBuild of(DockerImageName base, DockerImageName tag) {
        return RUNNING.computeIfAbsent(tag.asCanonicalNameString(), k -> new TunedImageBuild(base, tag));
    }

    /** True when a background build of this tag failed in this JVM: the next cluster builds it in the foreground. */
    static boolean failedInBackground(DockerImageName tag) {
        return FAILED_IN_BACKGROUND.contains(tag.asCanonicalNameString());
    }

    DockerImageName tag() {
        return tag;
    }

    /** Builds now in this thread at normal priority, or waits for the build already running; the tag when done. */
    DockerImageName join() {
        if (started.compareAndSet(false, true)) {
            run(false);
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }

    /** Starts the build on a daemon thread at low CPU priority, unless it runs already; returns at once. */
    void startInBackground() {
        if (started.compareAndSet(false, true)) {
            Thread thread = new Thread(() -> run(true), "citustestkit-tuned-image-build");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run(boolean background) {
        try {
            if (!Images.isPresentLocally(DockerClientFactory.instance().client(), tag)) {
                long t0 = System.nanoTime();
                TunedImages.build(base, tag, false, background ? BACKGROUND_CPU_SHARES : null);
                LOG.info("Built tuned image {} from {} in {} ms{} (later clusters and runs use it)",
                        tag.asCanonicalNameString(), base.asCanonicalNameString(), (System.nanoTime() - t0) / 1_000_000,
                        background ? " in the background" : "");
            }
            FAILED_IN_BACKGROUND.remove(tag.asCanonicalNameString());
            result.complete(tag);
        } catch (RuntimeException | Error e) {
            if (background) {
                FAILED_IN_BACKGROUND.add(tag.asCanonicalNameString());
                LOG.warn("Building tuned image {} in the background failed; clusters keep running; the next one"
                        + " builds it before it starts and reports why: {}", tag.asCanonicalNameString(), e.toString());
            }
            result.completeExceptionally(e);
        } finally {
            RUNNING.remove(tag.asCanonicalNameString(), this);
        }
    }
}
