package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SORT over lists, sets and sorted sets, compared byte for byte with redis-server 7.0. */
class SortOnCollectionsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static void list(String key, String... items) {
        diff.check(Latin1.args(concat("RPUSH", key, items)));
    }

    private static void set(String key, String... items) {
        diff.check(Latin1.args(concat("SADD", key, items)));
    }

    private static void zset(String key, Map<String, Double> members) {
        List<String> args = new ArrayList<>(List.of("ZADD", key));
        members.forEach((m, s) -> {
            args.add(Double.toString(s));
            args.add(m);
        });
        diff.check(Latin1.args(args.toArray(new String[0])));
    }

    private static String[] concat(String command, String key, String... items) {
        List<String> args = new ArrayList<>(List.of(command, key));
        args.addAll(List.of(items));
        return args.toArray(new String[0]);
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
    void byAndGetHashFields() {
        list("ids", "1", "2", "3", "4");
        String longValue = "v".repeat(100);
        diff.checkAll("HSET h_1 name one weight 40", "HSET h_2 name two weight 10", "HSET h_3 weight 30",
                "HSET h_4 name " + longValue + " weight 20", "OBJECT ENCODING h_4", "SET h_5 x");
        diff.checkAll("SORT ids GET h_*->name", "SORT ids BY h_*->weight GET # GET h_*->name",
                "SORT ids BY h_*->weight DESC GET h_*->weight", "SORT ids BY h_*->name ALPHA",
                "SORT ids BY nosort GET h_*->missing", "SORT ids BY h_*->name ALPHA GET h_*->name STORE out",
                "LRANGE out 0 -1", "SORT ids GET h_*->", "RPUSH five 5", "SORT five GET h_*->name");
    }

    @Test
    void scoreConversionErrors() {
        list("bad", "1", "x", "2");
        list("good", "1", "2");
        strings("w_1", "abc");
        diff.checkAll("SORT bad", "SORT bad ALPHA", "SORT good BY w_*", "SORT bad LIMIT 0 1", "SORT bad BY nosort");
        // strtod's ERANGE: overflow, underflow to zero, and a subnormal result that is not exact.
        list("tiny", "1", "1e-320");
        list("underflow", "1", "1e-400");
        list("huge", "1", "1e400");
        diff.checkAll("SORT tiny", "SORT tiny LIMIT 7 1", "SORT underflow", "SORT huge");
    }

    @Test
    void setsAndSortedSets() {
        set("s", "5", "3", "9", "1");
        set("names", "bob", "alice", "carol");
        zset("z", Map.of("m1", 3.0, "m2", 1.0, "m3", 2.0));
        diff.checkAll("SORT s", "SORT s DESC", "SORT names ALPHA", "SORT names ALPHA DESC LIMIT 0 2", "SORT z ALPHA",
                "SORT z ALPHA DESC", "SORT z BY nosort", "SORT names BY nosort STORE dst");
        diff.check("LRANGE", "dst", "0", "-1");
    }

    @Test
    void sortingASortedSetLeavesItASkiplist() {
        zset("z", Map.of("m1", 3.0, "m2", 1.0));
        zset("z2", Map.of("m1", 3.0, "m2", 1.0));
        diff.checkAll("OBJECT ENCODING z", "SORT z BY nosort", "OBJECT ENCODING z", "SORT_RO z2 ALPHA",
                "OBJECT ENCODING z2", "ZADD z 5 m3", "OBJECT ENCODING z", "ZRANGE z 0 -1 WITHSCORES");
    }

    @Test
    void aScriptSortsASetEvenByNosort() {
        set("s", "c", "a", "b", "10", "2");
        diff.check("EVAL", "return redis.call('sort', KEYS[1], 'by', 'nosort')", "1", "s");
        diff.check("EVAL", "return redis.call('sort', KEYS[1], 'by', 'nosort', 'desc', 'limit', '1', '2')", "1", "s");
        diff.check("EVAL", "return redis.call('sort_ro', KEYS[1], 'by', 'nosort')", "1", "s");
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
        diff.check("LRANGE", "other", "0", "-1");
        diff.checkAll("SORT l STORE dst");
        diff.check("LRANGE", "dst", "0", "-1");
    }
}
