package io.citustestkit;

/**
 * A setting that is valid by itself but cannot work here, refused by {@code start()} before anything of the cluster
 * exists: for example {@code withHostReachableNodes(true)} on a Docker engine whose ports the test JVM reaches only
 * through a forward on {@code localhost} (Docker Desktop, rootless Docker, a tunnel). The message names the setting,
 * why it cannot work and what to use instead. (A value that is never valid, such as {@code withWorkers(-1)}, is
 * refused at once by the {@code withX} method with an {@link IllegalArgumentException}.)
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer().withHostReachableNodes(true)) {
 *     cluster.start();
 * } catch (CitusSettingRefusedException e) {
 *     // withHostReachableNodes(true) cannot work with this Docker engine (...): ... Nothing was started. ...
 * }
 * }</pre>
 */
public class CitusSettingRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message the whole message, naming the setting, why it cannot work and what to use instead */
    public CitusSettingRefusedException(String message) {
        super(message);
    }
}
