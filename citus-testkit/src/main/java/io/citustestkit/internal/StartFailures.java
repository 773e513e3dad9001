package io.citustestkit.internal;

import io.citustestkit.CitusImageUnavailableException;
import io.citustestkit.CitusNodeStartupException;
import io.citustestkit.UnsupportedCitusVersionException;
import io.citustestkit.CitusScriptException;
import io.citustestkit.CitusSettingRefusedException;

/**
 * What a failed start tells the user: the kit's own exception when there is one in the chain (a missing image, a
 * failing script statement, a node that did not come up with its last log lines), else a
 * {@link CitusNodeStartupException} naming the node and the image, with the root cause. Testcontainers wraps a
 * failure of its start in two {@code ContainerLaunchException}s of its own; the user sees what went wrong, not the
 * wrapping.
 *
 * <pre>{@code
 * throw StartFailures.of("worker-1", "citusdata/citus:13.2.0", failure);
 * }</pre>
 */
public final class StartFailures {

    private StartFailures() {}

    /** The exception to throw for a failed start of {@code node}. */
    public static RuntimeException of(String node, String image, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CitusNodeStartupException || t instanceof UnsupportedCitusVersionException
                    || t instanceof CitusImageUnavailableException
                    || t instanceof CitusScriptException || t instanceof CitusSettingRefusedException) {
                return (RuntimeException) t;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NodeStartFailure) {
                return new CitusNodeStartupException(node, image, t.getMessage(), ((NodeStartFailure) t).logTail(),
                        failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new CitusNodeStartupException(node, image,
                failure.getMessage() + (root != failure ? " (cause: " + root + ")" : ""), null, failure);
    }
}
