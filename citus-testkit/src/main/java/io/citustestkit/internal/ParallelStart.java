package io.citustestkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.lifecycle.Startable;

/**
 * Starts containers in parallel, each on a thread of its own (at most eight at once), while the caller goes on:
 * the cluster's workers start while Testcontainers starts the coordinator. The caller then takes each result in
 * order ({@link #await(int, Duration)}), so a worker is registered as soon as it is up, and on failure waits for the
 * rest ({@link #awaitAllQuietly(Duration)}) before anything is removed, so nothing starts after the clean-up.
 *
 * <pre>{@code
 * try (ParallelStart start = ParallelStart.of(workers)) {
 *     start.await(0, timeout);   // worker 0 is up (or its failure is thrown)
 * }
 * }</pre>
 */
public final class ParallelStart implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService pool;
    private final List<Future<?>> starts = new ArrayList<>();

    private ParallelStart(List<? extends Startable> containers) {
        pool = containers.isEmpty() ? null : Executors.newFixedThreadPool(Math.min(containers.size(), 8), r -> {
            Thread t = new Thread(r, "citustestkit-start-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (Startable c : containers) {
            starts.add(pool.submit(c::start));
        }
    }

    /** Begins starting every container now. */
    public static ParallelStart of(List<? extends Startable> containers) {
        return new ParallelStart(containers);
    }

    /** Waits for the start of the container at {@code index}; its failure is thrown as it was. */
    public void await(int index, Duration timeout) {
        try {
            starts.get(index).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause
                    : new ContainerLaunchException("a node did not start: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while starting the nodes", e);
        } catch (TimeoutException e) {
            throw new ContainerLaunchException("a node did not start within " + timeout.toSeconds() + " s", e);
        }
    }

    /** Waits until every start has ended, one way or the other. */
    public void awaitAllQuietly(Duration timeout) {
        for (Future<?> f : starts) {
            try {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // its failure is reported by await(), or irrelevant once the start failed elsewhere
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
