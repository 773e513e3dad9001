package io.citustestkit.internal;

import java.util.Arrays;
import java.util.List;
import org.testcontainers.containers.ContainerState;

/** The last lines of a container's log, for error messages. */
public final class LogTail {

    /** How many log lines an error message carries. */
    public static final int LINES = 50;

    private LogTail() {}

    public static String of(ContainerState container) {
        try {
            return last(container.getLogs(), LINES);
        } catch (RuntimeException e) {
            return "(logs not available: " + e.getMessage() + ")";
        }
    }

    public static String last(String logs, int lines) {
        if (logs == null || logs.isEmpty()) {
            return "(no log output)";
        }
        List<String> all = Arrays.asList(logs.split("\\R"));
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return String.join(System.lineSeparator(), tail);
    }
}
