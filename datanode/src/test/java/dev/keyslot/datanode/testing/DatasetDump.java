package dev.keyslot.datanode.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key of every database of a server, described as type, encoding, absolute expiry (PEXPIRETIME) and
 * value in a canonical order, and its function libraries, so two servers' datasets can be compared for equality.
 */
public final class DatasetDump {
    private DatasetDump() {
    }

    /**
     * "db/key" to "type encoding expiry value", and "functions" to the reply of FUNCTION LIST WITHCODE; leaves
     * the connection on database 0.
     */
    public static Map<String, String> of(RawConnection conn, int databases) {
        Map<String, String> out = new TreeMap<>();
        out.put("functions", conn.callString("FUNCTION", "LIST", "WITHCODE"));
        for (int db = 0; db < databases; db++) {
            conn.call("SELECT", Integer.toString(db));
            for (String key : RespNode.parse(conn.call("KEYS", "*")).texts()) {
                out.put(db + "/" + key, describe(conn, key));
            }
        }
        conn.call("SELECT", "0");
        return out;
    }

    /** Fails naming the keys whose descriptions differ (descriptions cut short: values can be large). */
    public static void assertEqual(Map<String, String> expected, Map<String, String> actual) {
        StringBuilder diff = new StringBuilder();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            String e = expected.get(key);
            String a = actual.get(key);
            if (!java.util.Objects.equals(e, a)) {
                diff.append(key).append(":\n  expected ").append(cut(e)).append("\n  actual   ").append(cut(a))
                        .append('\n');
            }
        }
        if (diff.length() > 0) {
            throw new AssertionError("datasets differ:\n" + diff);
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
    }

    private static String describe(RawConnection conn, String key) {
        String type = RespNode.parse(conn.call("TYPE", key)).text;
        String encoding = RespNode.parse(conn.call("OBJECT", "ENCODING", key)).text;
        String expiry = RespNode.parse(conn.call("PEXPIRETIME", key)).text;
        String value = switch (type) {
            case "string" -> RespNode.parse(conn.call("GET", key)).text;
            case "list" -> RespNode.parse(conn.call("LRANGE", key, "0", "-1")).texts().toString();
            case "set" -> sorted(RespNode.parse(conn.call("SMEMBERS", key)).texts()).toString();
            case "zset" -> RespNode.parse(conn.call("ZRANGE", key, "0", "-1", "WITHSCORES")).texts().toString();
            case "hash" -> pairs(RespNode.parse(conn.call("HGETALL", key)).texts()).toString();
            default -> throw new AssertionError("unexpected type " + type + " of " + key);
        };
        return type + " " + encoding + " " + expiry + " " + value;
    }

    private static List<String> sorted(List<String> items) {
        List<String> copy = new ArrayList<>(items);
        copy.sort(null);
        return copy;
    }

    private static Map<String, String> pairs(List<String> flat) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put(flat.get(i), flat.get(i + 1));
        }
        return map;
    }
}
