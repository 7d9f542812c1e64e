package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.RawConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset with every type in every encoding Redis 7.0 writes (int/embstr/raw strings, compressible
 * strings, HLL, listpack and multi-node quicklists, intsets including 64-bit ones, hashtable sets, listpack
 * and skiplist sorted sets with special scores, listpack and hashtable hashes), expiries, and several
 * databases. Written through commands so both servers hold the same thing.
 */
final class SampleDataset {
    private SampleDataset() {
    }

    /** Writes the dataset; later is the absolute expiry (unix ms) the volatile keys get, near it. */
    static void populate(RawConnection conn, long later) {
        for (List<String> command : commands(later)) {
            String reply = conn.callString(command.toArray(new String[0]));
            if (reply.startsWith("-")) {
                throw new AssertionError(command + " failed: " + reply);
            }
        }
        conn.call("SELECT", "0");
    }

    private static List<List<String>> commands(long later) {
        List<List<String>> c = new ArrayList<>();
        // A function library travels with the dataset (RDB function records, AOF FUNCTION LOAD, full syncs).
        c.add(List.of("FUNCTION", "LOAD",
                "#!lua name=sample\nredis.register_function('sample_echo', function(keys, args) return args[1] end)"));
        c.add(List.of("SET", "s:int", "12345"));
        c.add(List.of("SET", "s:neg", "-98765"));
        c.add(List.of("SET", "s:wide", "1234567890123"));
        c.add(List.of("SET", "s:notcanonical", "007"));
        c.add(List.of("SET", "s:emb", "hello world"));
        c.add(List.of("SET", "s:raw", "x".repeat(30) + "y".repeat(70)));
        c.add(List.of("SET", "s:lzf", "abcdefgh".repeat(400)));
        c.add(List.of("SET", "s:empty", ""));
        c.add(List.of("SET", "s:ttl", "volatile", "PXAT", Long.toString(later)));
        c.add(List.of("APPEND", "s:appended", "grown in place"));
        c.add(List.of("PFADD", "hll", "a", "b", "c", "d"));
        c.add(List.of("RPUSH", "l:small", "a", "1", "-3", "bb"));
        c.add(withRange(List.of("RPUSH", "l:big"), "item-", 3000, false));
        c.add(List.of("RPUSH", "l:wide", "w".repeat(10_000), "tail", "q".repeat(9000)));
        c.add(List.of("SADD", "set:int", "1", "2", "3", "-100", "70000"));
        c.add(List.of("SADD", "set:int64", "5000000000", "-5000000000", "7"));
        c.add(List.of("SADD", "set:str", "a", "b", "c"));
        c.add(withRange(List.of("SADD", "set:bigint"), "", 600, false));
        c.add(List.of("ZADD", "z:small", "1", "a", "2.5", "b", "-inf", "c", "inf", "d", "1e-300", "e"));
        c.add(withRange(List.of("ZADD", "z:big"), "m", 200, true));
        c.add(List.of("HSET", "h:small", "f", "v", "n", "1"));
        c.add(withPairs(List.of("HSET", "h:big"), 200));
        c.add(List.of("HSET", "h:longval", "f", "v".repeat(70)));
        c.add(List.of("PEXPIREAT", "l:small", Long.toString(later + 1)));
        c.add(List.of("PEXPIREAT", "z:big", Long.toString(later + 2)));
        c.add(List.of("SELECT", "3"));
        c.add(List.of("SET", "s:int", "3"));
        c.add(List.of("HSET", "h", "a", "b"));
        c.add(List.of("PEXPIREAT", "h", Long.toString(later + 3)));
        c.add(List.of("SELECT", "15"));
        c.add(List.of("ZADD", "z", "0", "zero"));
        c.add(List.of("SADD", "s", "only"));
        return c;
    }

    /** Appends count generated elements: "prefixN", or "N prefixN" score/member pairs. */
    private static List<String> withRange(List<String> head, String prefix, int count, boolean scored) {
        List<String> out = new ArrayList<>(head);
        for (int i = 0; i < count; i++) {
            if (scored) {
                out.add(Double.toString(i * 1.5));
            }
            out.add(prefix + i);
        }
        return out;
    }

    private static List<String> withPairs(List<String> head, int count) {
        List<String> out = new ArrayList<>(head);
        for (int i = 0; i < count; i++) {
            out.add("field" + i);
            out.add("value" + i);
        }
        return out;
    }
}
