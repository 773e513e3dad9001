package io.citustestkit;

import org.testcontainers.containers.ContainerLaunchException;

/**
 * A node of a {@link CitusClusterContainer} did not come up. The message names the node and the image and
 * carries the node's last log lines; the cluster has already been torn down when this is thrown.
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer()) {
 *     cluster.start();
 * } catch (CitusNodeStartupException e) {
 *     System.err.println(e.getNodeName() + " failed:\n" + e.getLogTail());
 * }
 * }</pre>
 */
public class CitusNodeStartupException extends ContainerLaunchException {

    private static final long serialVersionUID = 1L;

    private final String nodeName;
    private final String image;
    private final String logTail;

    public CitusNodeStartupException(String nodeName, String image, String reason, String logTail, Throwable cause) {
        super("Citus node " + nodeName + " (image " + image + ") did not start: " + reason
                + (logTail == null ? "" : System.lineSeparator() + "Last log lines of " + nodeName + ":"
                        + System.lineSeparator() + logTail), cause);
        this.nodeName = nodeName;
        this.image = image;
        this.logTail = logTail;
    }

    /** Network alias of the node that failed, such as {@code coordinator} or {@code worker-2}. */
    public String getNodeName() {
        return nodeName;
    }

    /** The image the node ran. */
    public String getImage() {
        return image;
    }

    /** The node's last log lines (at most 50), or null when the container never ran. */
    public String getLogTail() {
        return logTail;
    }
}
