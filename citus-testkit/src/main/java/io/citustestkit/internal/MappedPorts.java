package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.util.Map;
import java.util.Optional;

/**
 * The host port of a container port, IPv4 binding first. Docker 20.10 on an IPv6-enabled host can bind the
 * IPv6 side to a different host port, and that port may be another container's IPv4 port: connecting to
 * {@code localhost} with the IPv6 number would reach the wrong container.
 */
public final class MappedPorts {

    private MappedPorts() {}

    public static Optional<Integer> ipv4(InspectContainerResponse info, int containerPort) {
        if (info == null || info.getNetworkSettings() == null || info.getNetworkSettings().getPorts() == null) {
            return Optional.empty();
        }
        Map<ExposedPort, Ports.Binding[]> bindings = info.getNetworkSettings().getPorts().getBindings();
        Ports.Binding[] forPort = bindings.get(ExposedPort.tcp(containerPort));
        if (forPort == null) {
            return Optional.empty();
        }
        for (Ports.Binding b : forPort) {
            String ip = b.getHostIp();
            if (ip == null || ip.isEmpty() || ip.indexOf(':') < 0) {
                return Optional.of(Integer.valueOf(b.getHostPortSpec()));
            }
        }
        return Optional.empty();
    }
}
