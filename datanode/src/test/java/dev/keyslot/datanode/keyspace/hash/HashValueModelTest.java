package dev.keyslot.datanode.keyspace.hash;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random operation sequences on {@link HashValue} against a LinkedHashMap: same contents always, insertion
 * order while a listpack, conversion exactly when Redis converts (small limits: 8 entries, 4 bytes) and never
 * back, and a full scan that returns every pair once.
 */
class HashValueModelTest {
    private static final long MAX_ENTRIES = 8;
    private static final long MAX_VALUE = 4;

    record Op(int kind, String field, String value) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> fields = Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> values = Arbitraries.strings().withChars("xy1").ofMaxLength(5);
        return Combinators.combine(Arbitraries.integers().between(0, 2), fields, values).as(Op::new)
                .list().ofMaxSize(60);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Property(tries = 300)
    void behavesLikeAnInsertionOrderedMap(@ForAll("operations") List<Op> ops) {
        HashValue h = new HashValue();
        Map<String, String> model = new LinkedHashMap<>();
        boolean converted = false;
        for (Op op : ops) {
            if (op.kind() == 2) {
                assertThat(h.delete(b(op.field()))).isEqualTo(model.remove(op.field()) != null);
            } else {
                boolean isNew = !model.containsKey(op.field());
                converted |= op.field().length() > MAX_VALUE || op.value().length() > MAX_VALUE;
                assertThat(h.set(b(op.field()), b(op.value()), MAX_ENTRIES, MAX_VALUE)).isEqualTo(isNew);
                model.put(op.field(), op.value());
                converted |= model.size() > MAX_ENTRIES;
            }
            assertThat(h.encoding()).isEqualTo(converted ? "hashtable" : "listpack");
            assertThat(h.size()).isEqualTo(model.size());
            List<String> pairs = new ArrayList<>();
            h.forEach((f, v) -> pairs.add(s(f) + "=" + s(v)));
            List<String> expected = new ArrayList<>();
            model.forEach((f, v) -> expected.add(f + "=" + v));
            if (converted) {
                assertThat(pairs).containsExactlyInAnyOrderElementsOf(expected);
            } else {
                assertThat(pairs).containsExactlyElementsOf(expected);
            }
            for (String f : List.of("a", "b", "abc")) {
                byte[] v = h.get(b(f));
                assertThat(v == null ? null : s(v)).isEqualTo(model.get(f));
            }
        }
        if (converted) {
            Map<String, Integer> seen = new HashMap<>();
            long cursor = 0;
            do {
                cursor = h.scan(cursor, (f, v) -> seen.merge(s(f), 1, Integer::sum));
            } while (cursor != 0);
            assertThat(seen.keySet()).isEqualTo(model.keySet());
            assertThat(seen.values()).allMatch(n -> n == 1);
        }
    }
}
