package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The few keys the grammar fuzzer's commands touch, and the requests that fill them: every type, each in its
 * compact and its large encoding (listpack and hashtable/skiplist, intset, sparse and dense HyperLogLog,
 * a stream with a consumer group and pending entries), a key with a TTL (far off), plus names that hold nothing.
 */
final class FuzzKeyPool {
    static final List<String> KEYS = List.of("str", "int", "vol", "list", "biglist", "hash", "bighash", "set", "sset",
            "bigset", "zset", "bigzset", "geo", "stream", "hll", "bighll", "none", "dest");
    /** The keys holding what each COMMAND DOCS group works on. */
    static final Map<String, List<String>> BY_GROUP = Map.of("string", List.of("str", "int", "vol"),
            "bitmap", List.of("str", "int"), "list", List.of("list", "biglist"), "hash", List.of("hash", "bighash"),
            "set", List.of("set", "sset", "bigset"), "sorted-set", List.of("zset", "bigzset", "geo"),
            "geo", List.of("geo", "zset"), "stream", List.of("stream"), "hyperloglog", List.of("hll", "bighll"));
    private static final int LARGE = 200;

    private FuzzKeyPool() {
    }

    static List<List<String>> seedRequests() {
        List<List<String>> requests = new ArrayList<>();
        requests.add(List.of("SET", "str", "hello world"));
        requests.add(List.of("SET", "int", "12345"));
        requests.add(List.of("SET", "vol", "10", "EX", "100000"));
        requests.add(List.of("RPUSH", "list", "a", "b", "c", "1", "2", "a"));
        requests.add(List.of("HSET", "hash", "a", "1", "b", "x", "c", "2.5"));
        requests.add(List.of("SADD", "set", "1", "2", "3", "-7"));
        requests.add(List.of("SADD", "sset", "a", "b", "c", "1"));
        requests.add(List.of("ZADD", "zset", "1", "a", "2", "b", "3.5", "c", "3.5", "d"));
        requests.add(List.of("GEOADD", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
                "Catania"));
        requests.add(List.of("XADD", "stream", "1-1", "f", "v", "g", "w"));
        requests.add(List.of("XADD", "stream", "1-2", "f", "v2"));
        requests.add(List.of("XADD", "stream", "2-0", "a", "1"));
        requests.add(List.of("XADD", "stream", "3-5", "b", "2"));
        requests.add(List.of("XGROUP", "CREATE", "stream", "g1", "0"));
        requests.add(List.of("XGROUP", "CREATE", "stream", "g2", "$"));
        requests.add(List.of("XREADGROUP", "GROUP", "g1", "c1", "COUNT", "2", "STREAMS", "stream", ">"));
        requests.add(List.of("PFADD", "hll", "a", "b", "c"));
        requests.add(large("RPUSH", "biglist", i -> List.of("m" + i)));
        requests.add(large("HSET", "bighash", i -> List.of("m" + i, Integer.toString(i))));
        requests.add(large("SADD", "bigset", i -> List.of("m" + i)));
        requests.add(large("ZADD", "bigzset", i -> List.of(Integer.toString(i), "m" + i)));
        List<String> dense = new ArrayList<>(List.of("PFADD", "bighll"));
        for (int i = 0; i < 3000; i++) {
            dense.add("e" + i);
        }
        requests.add(dense);
        return requests;
    }

    /** LARGE members m0, m1, ... (each followed or preceded by i as entries need): past every compact limit. */
    private static List<String> large(String command, String key, IntFunction<List<String>> entry) {
        List<String> request = new ArrayList<>(List.of(command, key));
        for (int i = 0; i < LARGE; i++) {
            request.addAll(entry.apply(i));
        }
        return request;
    }
}
