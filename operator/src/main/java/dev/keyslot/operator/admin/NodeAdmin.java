package dev.keyslot.operator.admin;

import dev.keyslot.operator.topology.SlotSet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cluster administration commands the operator sends to one node. */
public final class NodeAdmin {
    private final ConnectionPool pool;
    private final NodeAddress address;

    public NodeAdmin(ConnectionPool pool, NodeAddress address) {
        this.pool = pool;
        this.address = address;
    }

    public NodeAddress address() {
        return address;
    }

    private Object call(Object... args) {
        return pool.with(address, c -> c.call(args));
    }

    private String callString(Object... args) {
        return pool.with(address, c -> c.callString(args));
    }

    public String myId() {
        return callString("CLUSTER", "MYID");
    }

    public List<ClusterNodesLine> clusterNodes() {
        return ClusterNodesParser.parse(callString("CLUSTER", "NODES"));
    }

    public Map<String, String> clusterInfo() {
        return InfoParser.parse(callString("CLUSTER", "INFO"));
    }

    public Map<String, String> info(String section) {
        return InfoParser.parse(callString("INFO", section));
    }

    public void meet(String ip, int port) {
        call("CLUSTER", "MEET", ip, port);
    }

    /** CLUSTER ADDSLOTSRANGE with every contiguous run of {@code slots}. */
    public void addSlots(SlotSet slots) {
        List<Object> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTSRANGE"));
        for (int[] range : slots.ranges()) {
            args.add(range[0]);
            args.add(range[1]);
        }
        call(args.toArray());
    }

    public void replicate(String masterId) {
        call("CLUSTER", "REPLICATE", masterId);
    }

    public void forget(String nodeId) {
        call("CLUSTER", "FORGET", nodeId);
    }

    public void failover() {
        call("CLUSTER", "FAILOVER");
    }

    /** CLUSTER FAILOVER with an option: FORCE (no handshake with the master) or TAKEOVER (no election either). */
    public void failover(String option) {
        call("CLUSTER", "FAILOVER", option);
    }

    public void setSlotImporting(int slot, String sourceId) {
        call("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
    }

    public void setSlotMigrating(int slot, String targetId) {
        call("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);
    }

    public void setSlotNode(int slot, String ownerId) {
        call("CLUSTER", "SETSLOT", slot, "NODE", ownerId);
    }

    public void setSlotStable(int slot) {
        call("CLUSTER", "SETSLOT", slot, "STABLE");
    }

    public long countKeysInSlot(int slot) {
        return (Long) call("CLUSTER", "COUNTKEYSINSLOT", slot);
    }

    @SuppressWarnings("unchecked")
    public List<byte[]> getKeysInSlot(int slot, int count) {
        return (List<byte[]>) call("CLUSTER", "GETKEYSINSLOT", slot, count);
    }

    /**
     * MIGRATE host port "" 0 timeout [AUTH password | AUTH2 user password] REPLACE KEYS k...: moves the keys
     * atomically per call. REPLACE makes a retried batch idempotent after an interrupted attempt.
     */
    public void migrate(NodeAddress target, List<byte[]> keys, Duration timeout, Credentials credentials) {
        List<Object> args = new ArrayList<>(List.of("MIGRATE", target.host(), target.port(), "", 0, timeout.toMillis()));
        args.addAll(credentials.migrateOptions());
        args.add("REPLACE");
        args.add("KEYS");
        args.addAll(keys);
        Duration callTimeout = timeout.plus(pool.timeout());
        pool.with(address, c -> c.call(callTimeout, args.toArray()));
    }

    /** CONFIG GET with several parameters at once: their current values by name. */
    public Map<String, String> configGet(Collection<String> names) {
        List<Object> args = new ArrayList<>(List.of("CONFIG", "GET"));
        args.addAll(names);
        List<?> reply = (List<?>) call(args.toArray());
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            values.put(text(reply.get(i)), text(reply.get(i + 1)));
        }
        return values;
    }

    /** CONFIG SET with several parameter/value pairs, applied all or nothing. */
    public void configSet(Map<String, String> values) {
        List<Object> args = new ArrayList<>(List.of("CONFIG", "SET"));
        values.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        call(args.toArray());
    }

    /** ACL SETUSER user rule...: changes only what the rules name, e.g. adds a password with {@code >password}. */
    public void aclSetUser(String user, List<String> rules) {
        List<Object> args = new ArrayList<>(List.of("ACL", "SETUSER", user));
        args.addAll(rules);
        call(args.toArray());
    }

    private static String text(Object bulk) {
        return bulk instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(bulk);
    }

    /** INFO replication's fields, e.g. role, master_link_status, master_repl_offset. */
    public Map<String, String> replication() {
        return info("replication");
    }
}
