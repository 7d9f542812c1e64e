package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.testing.Differential;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Random sequences of string and bitmap commands on a few keys give byte-identical replies on
 * redis-server and the data node, and leave the same values, TTLs, raw encodings and change counts.
 */
class StringCommandsPropertyTest {
    private static final String[] KEYS = {"a", "b", "c"};
    private static Differential diff;

    @BeforeContainer
    static void start() {
        diff = new Differential();
    }

    @AfterContainer
    static void stop() {
        diff.close();
    }

    @Property(tries = 80)
    void randomCommandSequencesMatchRedis(@ForAll("sequences") List<List<String>> commands) {
        diff.reset();
        NodeProbe probe = new NodeProbe(diff);
        long redisBefore = probe.redisDirty();
        long nodeBefore = probe.nodeDirty();
        for (List<String> command : commands) {
            diff.check(command.toArray(new String[0]));
        }
        probe.assertSameDirtyDelta(redisBefore, nodeBefore);
        for (String key : new String[] {"a", "b", "c", "d"}) {
            diff.check("GET", key);
            probe.assertSameTtl(key);
            if (diff.check("EXISTS", key).equals(":1\r\n")) {
                probe.assertSameRawness(key);
            }
        }
    }

    @Provide
    Arbitrary<List<List<String>>> sequences() {
        return command().list().ofMinSize(1).ofMaxSize(25);
    }

    private static Arbitrary<List<String>> command() {
        Arbitrary<String> k = Arbitraries.of(KEYS);
        Arbitrary<String> v = value();
        Arbitrary<String> small = Arbitraries.integers().between(-20, 60).map(String::valueOf);
        return Arbitraries.oneOf(
                Combinators.combine(k, v, setOptions()).as((key, val, opts) -> cmd(List.of("SET", key, val), opts)),
                k.map(key -> List.of("GET", key)),
                Combinators.combine(k, v).as((key, val) -> List.of("GETSET", key, val)),
                k.map(key -> List.of("GETDEL", key)),
                Combinators.combine(k, Arbitraries.<List<String>>of(List.of(), List.of("EX", "100"), List.of("PERSIST"),
                        List.of("PX", "200000"), List.of("EXAT", "1"))).as((key, opts) -> cmd(List.of("GETEX", key), opts)),
                Combinators.combine(k, v).as((key, val) -> List.of("SETNX", key, val)),
                Combinators.combine(k, v).as((key, val) -> List.of("SETEX", key, "100", val)),
                Combinators.combine(k, v).as((key, val) -> List.of("PSETEX", key, "150000", val)),
                Combinators.combine(k, k).as((x, y) -> List.of("MGET", x, y, "d")),
                Combinators.combine(k, v, k, v).as((x, xv, y, yv) -> List.of("MSET", x, xv, y, yv)),
                Combinators.combine(k, v, k, v).as((x, xv, y, yv) -> List.of("MSETNX", x, xv, y, yv)),
                Combinators.combine(k, v).as((key, val) -> List.of("APPEND", key, val)),
                k.map(key -> List.of("STRLEN", key)),
                Combinators.combine(k, small, small).as((key, s, e) -> List.of("GETRANGE", key, s, e)),
                Combinators.combine(k, Arbitraries.integers().between(0, 60), v)
                        .as((key, off, val) -> List.of("SETRANGE", key, String.valueOf(off), val)),
                Combinators.combine(k, Arbitraries.of("INCR", "DECR")).as((key, c) -> List.of(c, key)),
                Combinators.combine(k, Arbitraries.of("INCRBY", "DECRBY"), v).as((key, c, n) -> List.of(c, key, n)),
                Combinators.combine(k, v).as((key, n) -> List.of("INCRBYFLOAT", key, n)),
                Combinators.combine(k, Arbitraries.integers().between(0, 200), Arbitraries.of("0", "1"))
                        .as((key, off, bit) -> List.of("SETBIT", key, String.valueOf(off), bit)),
                Combinators.combine(k, Arbitraries.integers().between(0, 200))
                        .as((key, off) -> List.of("GETBIT", key, String.valueOf(off))),
                Combinators.combine(k, small, small, Arbitraries.of("BIT", "BYTE"))
                        .as((key, s, e, unit) -> List.of("BITCOUNT", key, s, e, unit)),
                Combinators.combine(k, Arbitraries.of("0", "1"), small, small, Arbitraries.of("BIT", "BYTE"))
                        .as((key, bit, s, e, unit) -> List.of("BITPOS", key, bit, s, e, unit)),
                Combinators.combine(Arbitraries.of("AND", "OR", "XOR"), k, k)
                        .as((op, x, y) -> List.of("BITOP", op, "d", x, y)),
                k.map(key -> List.of("BITOP", "NOT", "d", key)),
                Combinators.combine(k, bitfieldOps()).as((key, ops) -> cmd(List.of("BITFIELD", key), ops)),
                Combinators.combine(k, k, Arbitraries.<List<String>>of(List.of(), List.of("LEN"), List.of("IDX", "WITHMATCHLEN")))
                        .as((x, y, opts) -> cmd(List.of("LCS", x, y), opts)));
    }

    private static Arbitrary<String> value() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "-5", "10.5", "0.1", "3e2", "abc", "", "007", "9223372036854775807",
                        "-9223372036854775808", "x".repeat(50), "\u00ff\u0000z", "inf", " 1"),
                Arbitraries.integers().between(-1000, 1000).map(String::valueOf),
                Arbitraries.strings().withChars("ab01").ofMaxLength(12));
    }

    private static Arbitrary<List<String>> setOptions() {
        Arbitrary<List<String>> one = Arbitraries.of(List.of("NX"), List.of("XX"), List.of("GET"), List.of("KEEPTTL"),
                List.of("EX", "100"), List.of("PX", "120000"), List.of("EXAT", "4102444800"), List.of("PXAT", "1"));
        return one.list().ofMaxSize(3).map(StringCommandsPropertyTest::flatten);
    }

    private static Arbitrary<List<String>> bitfieldOps() {
        Arbitrary<String> type = Arbitraries.of("u1", "u3", "u8", "i5", "i8", "u16", "i64", "u63");
        Arbitrary<String> offset = Arbitraries.of("0", "3", "8", "13", "#1", "40");
        Arbitrary<String> number = Arbitraries.of("0", "1", "-1", "100", "-300", "9223372036854775807");
        Arbitrary<List<String>> op = Arbitraries.oneOf(
                Combinators.combine(type, offset).as((t, o) -> List.of("GET", t, o)),
                Combinators.combine(type, offset, number).as((t, o, n) -> List.of("SET", t, o, n)),
                Combinators.combine(type, offset, number).as((t, o, n) -> List.of("INCRBY", t, o, n)),
                Arbitraries.of("WRAP", "SAT", "FAIL").map(m -> List.of("OVERFLOW", m)));
        return op.list().ofMinSize(1).ofMaxSize(4).map(StringCommandsPropertyTest::flatten);
    }

    private static List<String> flatten(List<List<String>> parts) {
        List<String> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    private static List<String> cmd(List<String> head, List<String> tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(tail);
        return out;
    }
}
