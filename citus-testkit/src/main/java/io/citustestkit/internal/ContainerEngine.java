package io.citustestkit.internal;

import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * What the kit needs to know about the container engine Testcontainers talks to: whether it is Podman (through its
 * Docker-compatible API), whether it runs rootless, and whether it is reached through a Unix socket of this machine.
 * Asked only where the answer changes what the kit does (host-reachable addressing, calls Podman cannot serve), and
 * once per JVM: Podman on Debian and Ubuntu answers Docker's {@code /version} in about a second (it looks its helpers'
 * packages up with {@code dpkg}).
 *
 * <pre>{@code
 * if (ContainerEngine.current().podman()) { ... }
 * }</pre>
 *
 * @param podman the engine's version names a Podman component ({@code "Podman Engine"})
 * @param version the engine's version as it reports it
 * @param rootless the engine reports the {@code rootless} security option (rootless Podman and rootless Docker alike)
 * @param localSocket Testcontainers reaches the engine through a {@code unix://} socket
 */
public record ContainerEngine(boolean podman, String version, boolean rootless, boolean localSocket) {

    private static volatile ContainerEngine current;

    /** The engine of this JVM's Testcontainers (asked once, then remembered). */
    public static ContainerEngine current() {
        ContainerEngine e = current;
        if (e == null) {
            synchronized (ContainerEngine.class) {
                e = current;
                if (e == null) {
                    e = ask();
                    current = e;
                }
            }
        }
        return e;
    }

    private static ContainerEngine ask() {
        DockerClientFactory factory = DockerClientFactory.instance();
        Version v = factory.client().versionCmd().exec();
        Info info = factory.getInfo();
        URI host = factory.getTransportConfig().getDockerHost();
        return of(v.getComponents(), v.getVersion(), info.getSecurityOptions(),
                host == null ? null : host.getScheme());
    }

    /** The engine as these answers describe it (for tests of the rules). */
    static ContainerEngine of(List<VersionComponent> components, String version, List<String> securityOptions,
            String scheme) {
        boolean podman = Optional.ofNullable(components).orElse(List.of()).stream()
                .anyMatch(c -> c.getName() != null && c.getName().toLowerCase(java.util.Locale.ROOT).contains("podman"));
        boolean rootless = Optional.ofNullable(securityOptions).orElse(List.of()).stream()
                .anyMatch(o -> o.contains("name=rootless"));
        return new ContainerEngine(podman, version, rootless, "unix".equals(scheme));
    }

    /**
     * Rootful Podman on this machine: its bridge gets the network's gateway address only once a container attaches to
     * the network (Docker's has it from the network's creation).
     */
    public boolean addressesBridgeOnAttach() {
        return podman && !rootless && localSocket;
    }

    /** "Podman 4.3.1 (rootful)", "Docker 24.0.7": for messages. */
    public String describe() {
        return (podman ? "Podman " : "Docker ") + version + (podman ? rootless ? " (rootless)" : " (rootful)" : "");
    }
}
