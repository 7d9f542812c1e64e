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

    /** CLUSTER SETSLOT slot STABLE for every slot in one round trip; the first error is thrown once all replied. */
    public void setSlotsStable(int[] slots) {
        List<Object[]> commands = new ArrayList<>(slots.length);
        for (int slot : slots) {
            commands.add(new Object[]{"CLUSTER", "SETSLOT", slot, "STABLE"});
        }
        throwFirstError(pipeline(pool.timeout(), commands));
    }

    public long countKeysInSlot(int slot) {
        return (Long) call("CLUSTER", "COUNTKEYSINSLOT", slot);
    }

    /**
     * CLUSTER SETSLOT slot {@code state} nodeId for every slot in one round trip (state IMPORTING, MIGRATING or
     * NODE). Every command runs; the first error, if any, is thrown once all have replied.
     */
    public void setSlots(int[] slots, String state, String nodeId) {
        List<Object[]> commands = new ArrayList<>(slots.length);
        for (int slot : slots) {
            commands.add(new Object[]{"CLUSTER", "SETSLOT", slot, state, nodeId});
        }
        throwFirstError(pipeline(pool.timeout(), commands));
    }

    /** CLUSTER GETKEYSINSLOT for every slot in one round trip: up to {@code count} keys of each slot that has any. */
    public Map<Integer, List<byte[]>> keysInSlots(int[] slots, int count) {
        List<Object[]> commands = new ArrayList<>(slots.length);
        for (int slot : slots) {
            commands.add(getKeysInSlot(slot, count));
        }
        List<Object> replies = pipeline(pool.timeout(), commands);
        throwFirstError(replies);
        return keysBySlot(slots, replies, 0);
    }

    /**
     * Moves each slot's listed keys to {@code target} with one MIGRATE host port "" 0 timeout [AUTH password |
     * AUTH2 user password] REPLACE KEYS k... per slot (in cluster mode MIGRATE refuses keys of different slots),
     * followed on the same connection by GETKEYSINSLOT for those slots, all in one round trip. The node runs them
     * in order, so the listing sees the slots after their MIGRATE. REPLACE makes a batch retried after an
     * interrupted attempt idempotent.
     *
     * @return up to {@code count} keys still in each of these slots that has any
     */
    public Map<Integer, List<byte[]>> migrateKeys(NodeAddress target, Map<Integer, List<byte[]>> keysBySlot, int count,
                                                  Duration timeout, Credentials credentials) {
        int[] slots = keysBySlot.keySet().stream().mapToInt(Integer::intValue).toArray();
        List<Object[]> commands = new ArrayList<>(2 * slots.length);
        for (int slot : slots) {
            List<Object> args = new ArrayList<>(List.of("MIGRATE", target.host(), target.port(), "", 0, timeout.toMillis()));
            args.addAll(credentials.migrateOptions());
            args.add("REPLACE");
            args.add("KEYS");
            args.addAll(keysBySlot.get(slot));
            commands.add(args.toArray());
        }
        for (int slot : slots) {
            commands.add(getKeysInSlot(slot, count));
        }
        List<Object> replies = pipeline(timeout.plus(pool.timeout()), commands);
        throwFirstError(replies);
        return keysBySlot(slots, replies, slots.length);
    }

    private static Object[] getKeysInSlot(int slot, int count) {
        return new Object[]{"CLUSTER", "GETKEYSINSLOT", slot, count};
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, List<byte[]>> keysBySlot(int[] slots, List<Object> replies, int firstReply) {
        Map<Integer, List<byte[]>> keys = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            List<byte[]> inSlot = (List<byte[]>) replies.get(firstReply + i);
            if (!inSlot.isEmpty()) {
                keys.put(slots[i], inSlot);
            }
        }
        return keys;
    }

    private List<Object> pipeline(Duration timeout, List<Object[]> commands) {
        return pool.with(address, c -> c.pipeline(timeout, commands));
    }

    private static void throwFirstError(List<Object> replies) {
        for (Object reply : replies) {
            if (reply instanceof RedisErrorReply error) {
                throw error;
            }
        }
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
