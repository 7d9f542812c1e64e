package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.UnorderedReplies;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Random sequences of set commands over a few keys, compared with redis-server: byte for byte when all
 * members are integers (intsets, sorted), ignoring element order when string members make hashtables.
 */
class SetRandomDifferentialTest {
    private static final String[] KEYS = {"s1", "s2", "s3", "str"};
    /** As many integers as the intset limit: integer-only sets never convert, so their order is exact. */
    private static final String[] INTEGERS = {"1", "2", "-7", "10", "9223372036854775807"};
    private static final String[] MIXED = {"1", "2", "-7", "x", "y", "01"};
    private static final Set<String> SET_REPLIES = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF");

    private static Differential diff;

    @BeforeContainer
    static void start() {
        diff = new Differential("--set-max-intset-entries", "5");
    }

    @AfterContainer
    static void stop() {
        diff.close();
    }

    private static Arbitrary<List<List<String>>> commands(String[] universe) {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> member = Arbitraries.of(universe);
        Arbitrary<List<String>> keys = key.list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> members = member.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<String>> command = Arbitraries.oneOf(
                withKeyAnd("SADD", key, members), withKeyAnd("SREM", key, members),
                withKeyAnd("SMISMEMBER", key, members),
                key.flatMap(k -> member.map(m -> List.of("SISMEMBER", k, m))),
                key.flatMap(a -> key.flatMap(b -> member.map(m -> List.of("SMOVE", a, b, m)))),
                key.map(k -> List.of("SCARD", k)), key.map(k -> List.of("SMEMBERS", k)),
                Arbitraries.of("SINTER", "SUNION", "SDIFF").flatMap(op -> keys.map(ks -> prepend(List.of(op), ks))),
                Arbitraries.of("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE")
                        .flatMap(op -> key.flatMap(d -> keys.map(ks -> prepend(List.of(op, d), ks)))),
                keys.map(ks -> prepend(List.of("SINTERCARD", Integer.toString(ks.size())), ks)),
                keys.map(ks -> prepend(prepend(List.of("SINTERCARD", Integer.toString(ks.size())), ks),
                        List.of("LIMIT", "1"))),
                key.map(k -> List.of("SSCAN", k, "0", "MATCH", "*1*")),
                key.map(k -> List.of("SRANDMEMBER", k, "100")),
                Arbitraries.just(List.of("SET", "str", "v")));
        return command.list().ofMinSize(1).ofMaxSize(40);
    }

    private static Arbitrary<List<String>> withKeyAnd(String name, Arbitrary<String> key,
                                                      Arbitrary<List<String>> rest) {
        return key.flatMap(k -> rest.map(r -> prepend(List.of(name, k), r)));
    }

    private static List<String> prepend(List<String> head, List<String> tail) {
        List<String> c = new ArrayList<>(head);
        c.addAll(tail);
        return c;
    }

    @Provide
    Arbitrary<List<List<String>>> integerCommands() {
        return commands(INTEGERS);
    }

    @Provide
    Arbitrary<List<List<String>>> mixedCommands() {
        return commands(MIXED);
    }

    @Property(tries = 50)
    void integerSetsMatchByteForByte(@ForAll("integerCommands") List<List<String>> commands) {
        diff.check("FLUSHALL");
        for (List<String> c : commands) {
            diff.check(c.toArray(new String[0]));
        }
    }

    @Property(tries = 50)
    void mixedSetsMatchIgnoringOrder(@ForAll("mixedCommands") List<List<String>> commands) {
        diff.check("FLUSHALL");
        for (List<String> c : commands) {
            String[] args = c.toArray(new String[0]);
            if (SET_REPLIES.contains(args[0]) || args[0].equals("SRANDMEMBER")) {
                UnorderedReplies.check(diff, 1, args);
            } else if (args[0].equals("SSCAN")) {
                diff.check("SCARD", args[1]);
            } else {
                diff.check(args);
            }
        }
    }
}
