package io.citustestkit.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one wait-until of the kit: asks a check again and again until it reports nothing wrong, or the time is up.
 * A check returns {@code null} when the wait is over and otherwise says what is not right yet; that text is what the
 * timeout's exception carries, so a failed wait says what it was waiting for.
 *
 * <pre>{@code
 * Waits.until(Duration.ofSeconds(120), Duration.ofMillis(50), () -> active == expected ? null : active + " active",
 *         last -> new IllegalStateException("not healthy within 120 s: " + last));
 * }</pre>
 */
public final class Waits {

    private Waits() {}

    /**
     * Polls {@code problem} every {@code interval} until it returns {@code null}; after {@code timeout} throws what
     * {@code timedOut} makes of the last problem. A check may throw to end the wait at once.
     */
    public static void until(Duration timeout, Duration interval, Supplier<String> problem,
            Function<String, ? extends RuntimeException> timedOut) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String last = problem.get();
            if (last == null) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw timedOut.apply(last);
            }
            pause(interval);
        }
    }

    /** Sleeps between two checks; an interrupt ends the wait with the thread's flag set. */
    public static void pause(Duration interval) {
        try {
            TimeUnit.NANOSECONDS.sleep(interval.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
