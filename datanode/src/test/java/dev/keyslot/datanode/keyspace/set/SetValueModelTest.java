package dev.keyslot.datanode.keyspace.set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random add/remove sequences on {@link SetValue} against a HashSet: same contents always, ascending
 * numeric order while an intset, conversion exactly when Redis converts (non-canonical integer or more than
 * 8 members here) and never back, and a full scan that returns every member once.
 */
class SetValueModelTest {
    private static final long MAX_INTSET = 8;

    @Provide
    Arbitrary<List<Tuple2<Boolean, String>>> operations() {
        Arbitrary<String> ints = Arbitraries.longs().between(-20, 20).map(String::valueOf);
        Arbitrary<String> extremes = Arbitraries.of("9223372036854775807", "-9223372036854775808",
                "9223372036854775808", "007", "-0", "x", "y");
        Arbitrary<String> members = Arbitraries.frequencyOf(Tuple.of(12, ints), Tuple.of(1, extremes));
        return Arbitraries.integers().between(0, 3).flatMap(kind -> members.map(m -> Tuple.of(kind != 0, m)))
                .list().ofMaxSize(60);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean canonicalLong(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Property(tries = 300)
    void behavesLikeASet(@ForAll("operations") List<Tuple2<Boolean, String>> ops) {
        SetValue s = SetValue.emptyIntset();
        Set<String> model = new HashSet<>();
        boolean converted = false;
        for (Tuple2<Boolean, String> op : ops) {
            String m = op.get2();
            if (op.get1()) {
                converted |= !canonicalLong(m);
                assertThat(s.add(b(m), MAX_INTSET)).isEqualTo(model.add(m));
                converted |= model.size() > MAX_INTSET;
            } else {
                assertThat(s.remove(b(m))).isEqualTo(model.remove(m));
            }
            assertThat(s.encoding()).isEqualTo(converted ? "hashtable" : "intset");
            assertThat(s.size()).isEqualTo(model.size());
            assertThat(s.contains(b(m))).isEqualTo(model.contains(m));
            List<String> members = new ArrayList<>();
            s.forEach(x -> members.add(new String(x, StandardCharsets.ISO_8859_1)));
            assertThat(members).containsExactlyInAnyOrderElementsOf(model);
            if (!converted) {
                List<Long> numbers = members.stream().map(Long::parseLong).toList();
                assertThat(numbers).isSorted();
            }
        }
        if (converted) {
            Map<String, Integer> seen = new HashMap<>();
            long cursor = 0;
            do {
                cursor = s.scan(cursor, x -> seen.merge(new String(x, StandardCharsets.ISO_8859_1), 1, Integer::sum));
            } while (cursor != 0);
            assertThat(seen.keySet()).isEqualTo(model);
            assertThat(seen.values()).allMatch(n -> n == 1);
        }
    }

    /**
     * SSCAN's guarantee: members present for the whole scan are returned, even when adds and removes between
     * steps grow or shrink the table.
     */
    @Property(tries = 100)
    void scanReturnsEveryMemberPresentThroughout(@ForAll("operations") List<Tuple2<Boolean, String>> changes) {
        SetValue s = SetValue.createFor(b("x"));
        for (int i = 0; i < 200; i++) {
            s.add(b("stable" + i), MAX_INTSET);
        }
        Set<String> seen = new HashSet<>();
        List<String> extras = new ArrayList<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = s.scan(cursor, x -> seen.add(new String(x, StandardCharsets.ISO_8859_1)));
            if (step < changes.size()) {
                boolean grow = changes.get(step++).get1();
                for (int i = 0; i < 60; i++) {
                    if (grow) {
                        String extra = "extra" + step + "-" + i;
                        s.add(b(extra), MAX_INTSET);
                        extras.add(extra);
                    } else if (!extras.isEmpty()) {
                        s.remove(b(extras.remove(extras.size() - 1)));
                    }
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 200; i++) {
            assertThat(seen).contains("stable" + i);
        }
    }
}
