package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Random sequences of hash commands over a few keys, fields and tricky values, every reply compared byte
 * for byte with redis-server (the hashes stay listpacks, so even iteration order must match).
 */
class HashRandomDifferentialTest {
    private static final String[] KEYS = {"h1", "h2", "str"};
    private static final String[] FIELDS = {"a", "b", "c", "dd", "e"};
    private static final String[] VALUES = {"1", "-5", "x", "1.5", "", "9223372036854775807", "0x10", "1e3", "007"};
    private static final String[] INCREMENTS = {"1", "-1", "100", "9223372036854775807", "-9223372036854775808", "x"};
    private static final String[] FLOAT_INCREMENTS = {"0.5", "-1.25", "1e3", "0.1", "x", "inf"};
    private static final String[] PATTERNS = {"*", "a*", "?", "[a-c]", "*d"};

    private static Differential diff;

    @BeforeContainer
    static void start() {
        diff = new Differential();
    }

    @AfterContainer
    static void stop() {
        diff.close();
    }

    @Provide
    Arbitrary<List<List<String>>> commands() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> field = Arbitraries.of(FIELDS);
        Arbitrary<String> value = Arbitraries.of(VALUES);
        Arbitrary<List<String>> command = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 3).flatMap(n -> field.flatMap(f -> value.map(v -> List.of(f, v)))
                        .list().ofSize(n)).flatMap(pairs -> key.map(k -> {
                            List<String> c = new ArrayList<>(List.of("HSET", k));
                            pairs.forEach(c::addAll);
                            return c;
                        })),
                cmd3("HSETNX", key, field, value),
                field.list().ofMinSize(1).ofMaxSize(3).flatMap(fs -> key.map(k -> prepend(List.of("HDEL", k), fs))),
                field.list().ofMinSize(1).ofMaxSize(3).flatMap(fs -> key.map(k -> prepend(List.of("HMGET", k), fs))),
                cmd2("HGET", key, field), cmd2("HEXISTS", key, field), cmd2("HSTRLEN", key, field),
                cmd3("HINCRBY", key, field, Arbitraries.of(INCREMENTS)),
                cmd3("HINCRBYFLOAT", key, field, Arbitraries.of(FLOAT_INCREMENTS)),
                key.map(k -> List.of("HGETALL", k)), key.map(k -> List.of("HKEYS", k)),
                key.map(k -> List.of("HVALS", k)), key.map(k -> List.of("HLEN", k)),
                key.flatMap(k -> Arbitraries.of(PATTERNS).map(p -> List.of("HSCAN", k, "0", "MATCH", p))),
                key.map(k -> List.of("HRANDFIELD", k, "10", "WITHVALUES")),
                Arbitraries.just(List.of("SET", "str", "v")));
        return command.list().ofMinSize(1).ofMaxSize(40);
    }

    private static List<String> prepend(List<String> head, List<String> tail) {
        List<String> c = new ArrayList<>(head);
        c.addAll(tail);
        return c;
    }

    private static Arbitrary<List<String>> cmd2(String name, Arbitrary<String> a, Arbitrary<String> b) {
        return a.flatMap(x -> b.map(y -> List.of(name, x, y)));
    }

    private static Arbitrary<List<String>> cmd3(String name, Arbitrary<String> a, Arbitrary<String> b,
                                                Arbitrary<String> c) {
        return a.flatMap(x -> b.flatMap(y -> c.map(z -> List.of(name, x, y, z))));
    }

    @Property(tries = 60)
    void everyReplyMatchesRedis(@ForAll("commands") List<List<String>> commands) {
        diff.check("FLUSHALL");
        for (List<String> c : commands) {
            diff.check(c.toArray(new String[0]));
        }
    }
}
