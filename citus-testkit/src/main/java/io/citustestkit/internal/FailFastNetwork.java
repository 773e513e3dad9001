package io.citustestkit.internal;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node's container gets so that a node cut off the network ({@code disconnect()}) fails fast where no
 * server setting reaches (the server settings are {@link ClusterConfig}'s): kernel and resolver settings of its own
 * network namespace. Settings a create-command modifier of the user made already win.
 *
 * <ul>
 *   <li>{@code net.ipv4.tcp_syn_retries=1} (kernel default 6): the blocking cancel request Citus sends to a node whose
 *       connection failed ({@code PQcancel}, no timeout of its own) gives up after about 3 s, not 2 minutes.</li>
 *   <li>resolver {@code timeout:1 attempts:1} (default 5 s, 2 attempts): a cut-off node has no DNS server; a name it
 *       looks up (Patroni: {@code etcd}) fails after 1 s, not 10, so Patroni demotes a cut-off primary within
 *       seconds.</li>
 * </ul>
 *
 * <pre>{@code
 * container.withCreateContainerCmdModifier(FailFastNetwork::apply);
 * }</pre>
 */
public final class FailFastNetwork {

    /** Kernel settings of a node's network namespace (Docker sysctls). */
    public static final Map<String, String> SYSCTLS = Map.of("net.ipv4.tcp_syn_retries", "1");

    /** Resolver options of a node ({@code /etc/resolv.conf}). */
    public static final List<String> DNS_OPTIONS = List.of("timeout:1", "attempts:1");

    private FailFastNetwork() {}

    /** Adds {@link #SYSCTLS} and {@link #DNS_OPTIONS} to a create command, keeping what is set already. */
    public static void apply(CreateContainerCmd cmd) {
        HostConfig host = cmd.getHostConfig();
        if (host == null) {
            return;
        }
        Map<String, String> sysctls = new HashMap<>(SYSCTLS);
        if (host.getSysctls() != null) {
            sysctls.putAll(host.getSysctls());
        }
        host.withSysctls(sysctls);
        if (host.getDnsOptions() == null || host.getDnsOptions().isEmpty()) {
            host.withDnsOptions(new ArrayList<>(DNS_OPTIONS));
        }
    }
}
