package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** Whole datasets read through the protocol, to compare a master with its replica key by key. */
final class Datasets {
    private Datasets() {
    }

    /** "db key" → type, value and absolute expiry (PEXPIRETIME) of every key in databases 0..3. */
    static Map<String, String> read(String host, int port) {
        Map<String, String> out = new TreeMap<>();
        try (RawConnection c = new RawConnection(host, port)) {
            for (int db = 0; db < 4; db++) {
                c.call("SELECT", Integer.toString(db));
                String cursor = "0";
                do {
                    RespNode reply = RespNode.parse(c.call("SCAN", cursor, "COUNT", "1000"));
                    cursor = reply.children.get(0).text;
                    for (String key : reply.children.get(1).texts()) {
                        String value = describe(c, key);
                        if (value != null) {
                            out.put(db + " " + key, value);
                        }
                    }
                } while (!cursor.equals("0"));
            }
        }
        return out;
    }

    private static String describe(RawConnection c, String key) {
        String type = RespNode.parse(c.call("TYPE", key)).text;
        String value = switch (type) {
            case "none" -> null;
            case "string" -> RespNode.parse(c.call("GET", key)).text;
            case "list" -> RespNode.parse(c.call("LRANGE", key, "0", "-1")).texts().toString();
            case "set" -> sorted(RespNode.parse(c.call("SMEMBERS", key)).texts());
            case "hash" -> pairs(RespNode.parse(c.call("HGETALL", key)).texts());
            case "zset" -> RespNode.parse(c.call("ZRANGE", key, "0", "-1", "WITHSCORES")).texts().toString();
            default -> type;
        };
        if (value == null) {
            return null;
        }
        return type + " " + value + " expires " + RespNode.parse(c.call("PEXPIRETIME", key)).text;
    }

    private static String sorted(List<String> items) {
        List<String> copy = new ArrayList<>(items);
        Collections.sort(copy);
        return copy.toString();
    }

    private static String pairs(List<String> flat) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            m.put(flat.get(i), flat.get(i + 1));
        }
        return m.toString();
    }

    /** A field of INFO (any section) of a server. */
    static String info(String host, int port, String field) {
        try (RawConnection c = new RawConnection(host, port)) {
            String text = RespNode.parse(c.call("INFO", "everything")).text;
            for (String line : text.split("\r\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1);
                }
            }
            return null;
        }
    }

    static long infoLong(String host, int port, String field) {
        String v = info(host, port, field);
        return v == null ? -1 : Long.parseLong(v);
    }

    /** Polls until the condition holds, failing after timeoutMillis. */
    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the replica processed everything its master sent (offsets equal, link up). */
    static void awaitInSync(Endpoint master, Endpoint replica) {
        awaitInSync(master, replica, 20_000);
    }

    static void awaitInSync(Endpoint master, Endpoint replica, long timeoutMillis) {
        await("replica in sync", timeoutMillis, () -> "up".equals(info(replica.host(), replica.port(), "master_link_status"))
                && infoLong(master.host(), master.port(), "master_repl_offset")
                == infoLong(replica.host(), replica.port(), "slave_repl_offset"));
    }

    record Endpoint(String host, int port) {
    }
}
