package io.citustestkit.internal;

/** Thrown by {@link NodeReadyWait} when a node does not come up; carries what the user needs to see. */
public final class NodeStartFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String logTail;

    public NodeStartFailure(String message, String logTail, Throwable cause) {
        super(message, cause);
        this.logTail = logTail;
    }

    public String logTail() {
        return logTail;
    }
}
