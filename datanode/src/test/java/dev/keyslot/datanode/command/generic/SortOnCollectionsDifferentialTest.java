package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SORT over lists, sets and sorted sets before the data node has those types: redis-server gets real ones
 * (RPUSH, SADD, ZADD) while the data node gets minimal stand-ins implementing {@link Elements}, injected
 * into its keyspace, and a stand-in list factory for STORE. Replies are compared byte for byte.
 */
class SortOnCollectionsDifferentialTest {
    private static Differential diff;

    /** A stand-in collection: the elements in the type's natural order. */
    private record Collection(ValueType type, List<byte[]> items) implements RedisValue, Elements {
        @Override
        public long elementCount() {
            return items.size();
        }

        @Override
        public void forEachElement(Consumer<byte[]> action) {
            items.forEach(action);
        }

        @Override
        public String encoding() {
            return "test";
        }

        @Override
        public long memoryUsage() {
            return 0;
        }

        @Override
        public RedisValue copy() {
            return new Collection(type, new ArrayList<>(items));
        }
    }

    @BeforeAll
    static void start() {
        diff = new Differential();
        onNode(keyspace -> keyspace.setListFactory(items -> new Collection(ValueType.LIST, new ArrayList<>(items))));
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @BeforeEach
    void reset() {
        diff.reset();
    }

    private static void onNode(Consumer<Keyspace> action) {
        try {
            diff.node().server().eventLoop().submit(() -> action.accept(diff.node().server().keyspace())).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> bytes(List<String> items) {
        List<byte[]> out = new ArrayList<>();
        for (String s : items) {
            out.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static void list(String key, String... items) {
        List<String> args = new ArrayList<>(List.of("RPUSH", key));
        args.addAll(List.of(items));
        Latin1.call(diff.redisConnection(), args.toArray(new String[0]));
        onNode(k -> k.db(0).set(key.getBytes(StandardCharsets.ISO_8859_1),
                new Collection(ValueType.LIST, bytes(List.of(items))), false));
    }

    private static void set(String key, String... items) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        args.addAll(List.of(items));
        Latin1.call(diff.redisConnection(), args.toArray(new String[0]));
        onNode(k -> k.db(0).set(key.getBytes(StandardCharsets.ISO_8859_1),
                new Collection(ValueType.SET, bytes(List.of(items))), false));
    }

    /** Members with scores; the stand-in holds them in rank order like a real sorted set. */
    private static void zset(String key, Map<String, Double> members) {
        List<String> args = new ArrayList<>(List.of("ZADD", key));
        members.forEach((m, s) -> {
            args.add(Double.toString(s));
            args.add(m);
        });
        Latin1.call(diff.redisConnection(), args.toArray(new String[0]));
        List<String> ranked = new ArrayList<>(members.keySet());
        ranked.sort(Comparator.<String>comparingDouble(members::get).thenComparing(Comparator.naturalOrder()));
        onNode(k -> k.db(0).set(key.getBytes(StandardCharsets.ISO_8859_1),
                new Collection(ValueType.ZSET, bytes(ranked)), false));
    }

    private static void strings(String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            diff.check(Latin1.args("SET", keyValues[i], keyValues[i + 1]));
        }
    }

    @Test
    void numericAndAlphaOrders() {
        list("l", "3", "1", "2", "10", "-5", "2.5", "1e1", "0x10");
        diff.checkAll("SORT l", "SORT l DESC", "SORT l ASC", "SORT_RO l", "SORT l ALPHA", "SORT l ALPHA DESC",
                "SORT l LIMIT 1 3", "SORT l LIMIT -1 2", "SORT l LIMIT 2 -1", "SORT l LIMIT 7 5", "SORT l LIMIT 8 1",
                "SORT l LIMIT 100 1", "SORT l LIMIT 0 0", "SORT l DESC LIMIT 1 2");
        list("words", "banana", "apple", "Cherry", "apple", "b\u00e9", "");
        diff.checkAll("SORT words ALPHA", "SORT words ALPHA DESC", "SORT words", "SORT words ALPHA LIMIT 1 2");
    }

    @Test
    void nosortKeepsNaturalOrderWithLimitAndDesc() {
        list("l", "c", "a", "b", "d");
        zset("z", Map.of("x", 3.0, "y", 1.0, "w", 2.0, "v", 2.0));
        for (String key : List.of("l", "z")) {
            diff.checkAll("SORT " + key + " BY nosort", "SORT " + key + " BY nosort DESC",
                    "SORT " + key + " BY nosort LIMIT 1 2", "SORT " + key + " BY nosort DESC LIMIT 1 2",
                    "SORT " + key + " BY nosort LIMIT 3 10", "SORT " + key + " BY nosort LIMIT 4 1",
                    "SORT " + key + " BY nosort DESC LIMIT 0 1", "SORT " + key + " BY nosort GET #");
        }
    }

    @Test
    void byAndGetPatterns() {
        list("ids", "1", "2", "3", "4");
        strings("w_1", "40", "w_2", "10", "w_3", "30", "name_1", "one", "name_2", "two", "name_4", "four",
                "aw_1", "d", "aw_2", "b", "aw_3", "c");
        diff.checkAll("SORT ids BY w_*", "SORT ids BY w_* DESC", "SORT ids BY w_* GET name_*",
                "SORT ids BY w_* GET # GET name_*", "SORT ids BY aw_* ALPHA", "SORT ids BY aw_* ALPHA DESC",
                "SORT ids BY nosort GET name_* GET #", "SORT ids GET name_*->f", "SORT ids BY w_* LIMIT 1 2 GET #",
                "SORT ids BY missing_*", "SORT ids BY w_*_suffix", "SORT ids GET nostar", "SORT ids BY aw_*");
    }

    @Test
    void scoreConversionErrors() {
        list("bad", "1", "x", "2");
        list("good", "1", "2");
        strings("w_1", "abc");
        diff.checkAll("SORT bad", "SORT bad ALPHA", "SORT good BY w_*", "SORT bad LIMIT 0 1", "SORT bad BY nosort");
    }

    @Test
    void setsAndSortedSets() {
        set("s", "5", "3", "9", "1");
        set("names", "bob", "alice", "carol");
        zset("z", Map.of("m1", 3.0, "m2", 1.0, "m3", 2.0));
        diff.checkAll("SORT s", "SORT s DESC", "SORT names ALPHA", "SORT names ALPHA DESC LIMIT 0 2", "SORT z ALPHA",
                "SORT z ALPHA DESC", "SORT z BY nosort", "SORT names BY nosort STORE dst");
        assertThat(storedOnNode("dst")).isEqualTo(storedOnRedis("dst"));
    }

    @Test
    void storeWritesAListAndCountsLikeRedis() {
        list("l", "3", "1", "2");
        strings("n_1", "one", "n_3", "three", "dst", "old");
        diff.checkAll("EXPIRE dst 100");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.checkAll("SORT l STORE dst", "TYPE dst", "TTL dst", "SORT l STORE other GET # GET n_* DESC",
                "SORT l LIMIT 5 5 STORE dst", "EXISTS dst");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
        assertThat(storedOnNode("other")).isEqualTo(storedOnRedis("other"));
        diff.checkAll("SORT l STORE dst");
        assertThat(storedOnNode("dst")).isEqualTo(storedOnRedis("dst"));
    }

    private static List<String> storedOnRedis(String key) {
        return Resp.strings(diff.redisConnection().call("LRANGE", key, "0", "-1"));
    }

    private static List<String> storedOnNode(String key) {
        List<String> out = new ArrayList<>();
        onNode(k -> {
            Object v = k.db(0).get(key.getBytes(StandardCharsets.ISO_8859_1));
            ((Collection) v).forEachElement(e -> out.add(new String(e, StandardCharsets.ISO_8859_1)));
        });
        return out;
    }
}
