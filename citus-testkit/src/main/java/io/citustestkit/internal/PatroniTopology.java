package io.citustestkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Patroni keeps in etcd for a Citus cluster, read in one {@code etcdctl get --prefix -w json}:
 * the leader of each group and the state and role of each member. Patroni's view, straight from the DCS.
 */
public final class PatroniTopology {

    /** One member as Patroni last reported it. */
    public static final class Member {
        private final String state;
        private final String role;
        private final String replicationState;

        Member(String state, String role, String replicationState) {
            this.state = state;
            this.role = role;
            this.replicationState = replicationState;
        }

        /** {@code running}, {@code streaming}, {@code starting}, ... */
        public String state() {
            return state;
        }

        /** {@code primary} or {@code replica} (older Patroni: {@code master}). */
        public String role() {
            return role;
        }

        public boolean isRunningPrimary() {
            return "running".equals(state) && ("primary".equals(role) || "master".equals(role));
        }

        /**
         * A replica whose PostgreSQL runs, as Patroni reports it: {@code running} (Patroni 3.0.2 says no more; 3.0.4+
         * and 4.x add {@code replication_state}, which {@code patronictl list} shows as {@code streaming}). Whether it streams is PostgreSQL's to say:
         * {@code pg_stat_replication} on its primary, which every supported Patroni and PostgreSQL has.
         */
        public boolean isRunningReplica() {
            return "replica".equals(role) && ("running".equals(state) || "streaming".equals(state));
        }

        @Override
        public String toString() {
            return role + "/" + state + (replicationState.isEmpty() ? "" : "/" + replicationState);
        }
    }

    private final Map<Integer, String> leaders;
    private final Map<Integer, Map<String, Member>> members;
    private final Map<Integer, String> syncLeaders;
    private final Map<Integer, Set<String>> syncStandbys;

    private PatroniTopology(Map<Integer, String> leaders, Map<Integer, Map<String, Member>> members,
            Map<Integer, String> syncLeaders, Map<Integer, Set<String>> syncStandbys) {
        this.leaders = leaders;
        this.members = members;
        this.syncLeaders = syncLeaders;
        this.syncStandbys = syncStandbys;
    }

    /** Parses {@code etcdctl get --prefix <namespace>/<scope>/ -w json} with the kit's JSON reader. */
    public static PatroniTopology parse(String prefix, String etcdctlJson) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        Map<Integer, String> leaders = new HashMap<>();
        Map<Integer, Map<String, Member>> members = new HashMap<>();
        Map<Integer, String> syncLeaders = new HashMap<>();
        Map<Integer, Set<String>> syncStandbys = new HashMap<>();
        for (Map<?, ?> kv : kvs(etcdctlJson)) {
            String key = decode(kv.get("key"));
            String value = decode(kv.get("value"));
            if (!key.startsWith(base)) {
                continue;
            }
            String[] parts = key.substring(base.length()).split("/");
            int group;
            try {
                group = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (parts.length == 2 && parts[1].equals("leader")) {
                leaders.put(group, value);
            } else if (parts.length == 2 && parts[1].equals("sync")) {
                Map<?, ?> sync = object(value);
                syncLeaders.put(group, text(sync, "leader"));
                Set<String> standbys = new HashSet<>();
                for (String name : text(sync, "sync_standby").split(",")) {
                    if (!name.isBlank()) {
                        standbys.add(name.trim());
                    }
                }
                syncStandbys.put(group, standbys);
            } else if (parts.length == 3 && parts[1].equals("members")) {
                Map<?, ?> member = object(value);
                members.computeIfAbsent(group, g -> new HashMap<>()).put(parts[2],
                        new Member(text(member, "state"), text(member, "role"), text(member, "replication_state")));
            }
        }
        return new PatroniTopology(leaders, members, syncLeaders, syncStandbys);
    }

    /**
     * The lease (hex, as {@code etcdctl lease revoke} takes it) of the first key in
     * {@code etcdctl get <key> -w json}, or null when there is no key or no lease.
     */
    public static String leaseOfFirstKey(String etcdctlJson) {
        List<Map<?, ?>> kvs = kvs(etcdctlJson);
        Object lease = kvs.isEmpty() ? null : kvs.get(0).get("lease");
        return lease instanceof Number && ((Number) lease).longValue() != 0
                ? Long.toHexString(((Number) lease).longValue()) : null;
    }

    /** The {@code kvs} of an etcdctl JSON answer (none when it has none). */
    private static List<Map<?, ?>> kvs(String etcdctlJson) {
        Object kvs = object(etcdctlJson).get("kvs");
        List<Map<?, ?>> list = new ArrayList<>();
        if (kvs instanceof List) {
            for (Object kv : (List<?>) kvs) {
                if (kv instanceof Map) {
                    list.add((Map<?, ?>) kv);
                }
            }
        }
        return list;
    }

    /** A JSON object (an empty one for what is not an object: Patroni's values are JSON, but a key may hold text). */
    private static Map<?, ?> object(String json) {
        try {
            Object value = Json.parse(json);
            return value instanceof Map ? (Map<?, ?>) value : Map.of();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static String text(Map<?, ?> object, String key) {
        Object value = object.get(key);
        return value == null ? "" : String.valueOf(value);
    }

    /** The member holding the leader key of a group, or null when there is none. */
    public String leader(int group) {
        return leaders.get(group);
    }

    /**
     * The members a group's primary replicates to synchronously (Patroni's {@code sync} key), empty when
     * the key is missing or belongs to another leader: a commit on the primary is on these members too.
     */
    public Set<String> synchronousStandbys(int group) {
        String leader = leaders.get(group);
        if (leader == null || !leader.equals(syncLeaders.get(group))) {
            return Set.of();
        }
        return Collections.unmodifiableSet(syncStandbys.getOrDefault(group, Set.of()));
    }

    /** The members of a group that Patroni knows (their keys expire with their lease). */
    public Map<String, Member> members(int group) {
        return Collections.unmodifiableMap(members.getOrDefault(group, Map.of()));
    }

    /** The named member of a group, or null. */
    public Member member(int group, String name) {
        return members(group).get(name);
    }

    private static String decode(Object base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(String.valueOf(base64)), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "leaders " + leaders + ", members " + members + ", synchronous standbys " + syncStandbys;
    }
}
