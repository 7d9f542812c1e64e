package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.AccessTracker;
import dev.keyslot.datanode.keyspace.Clock;
import dev.keyslot.datanode.keyspace.CopyOnWrite;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.server.ServerStats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of SORT that need element types the data node lacks so far: the comparator (numeric with
 * element tie-break, ALPHA as C strings or binary, BY values with missing ones first), the strtod-style
 * score parser and BY/GET pattern resolution, including hash fields.
 */
class SortSupportTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> sorted(List<SortKey> keys, boolean alpha, boolean by, boolean store, boolean desc) {
        List<SortKey> copy = new ArrayList<>(keys);
        copy.sort(SortKey.comparator(alpha, by, store, desc));
        List<String> out = new ArrayList<>();
        for (SortKey k : copy) {
            out.add(new String(k.element, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static SortKey numeric(String element, double score) {
        SortKey k = new SortKey(b(element));
        k.score = score;
        return k;
    }

    @Test
    void numericOrderBreaksTiesByElementBytes() {
        List<SortKey> keys = List.of(numeric("b", 1), numeric("a", 1), numeric("c", -2), numeric("z", 0),
                numeric("y", -0.0));
        assertThat(sorted(keys, false, false, false, false)).containsExactly("c", "y", "z", "a", "b");
        assertThat(sorted(keys, false, false, false, true)).containsExactly("b", "a", "z", "y", "c");
    }

    @Test
    void alphaComparesCStringsUnlessStoring() {
        List<SortKey> keys = List.of(new SortKey(b("b")), new SortKey(b("a\0z")), new SortKey(b("a\0b")),
                new SortKey(b("\u00e9")), new SortKey(b("A")));
        // Up to the NUL "a\0z" and "a\0b" are equal, so the stable sort keeps their input order.
        assertThat(sorted(keys, true, false, false, false)).containsExactly("A", "a\0z", "a\0b", "b", "\u00e9");
        assertThat(sorted(keys, true, false, true, false)).containsExactly("A", "a\0b", "a\0z", "b", "\u00e9");
    }

    @Test
    void alphaByPutsMissingValuesFirst() {
        SortKey x = new SortKey(b("x"));
        x.by = b("2");
        SortKey y = new SortKey(b("y"));
        SortKey z = new SortKey(b("z"));
        z.by = b("1");
        assertThat(sorted(List.of(x, y, z), true, true, false, false)).containsExactly("y", "z", "x");
        assertThat(sorted(List.of(x, y, z), true, true, false, true)).containsExactly("x", "z", "y");
    }

    @Test
    void scoresFollowStrtod() {
        SortScore scores = new SortScore();
        Map<String, Double> valid = Map.of("", 0.0, "1", 1.0, " 2.5", 2.5, "-3e2", -300.0, "0x10", 16.0,
                "inf", Double.POSITIVE_INFINITY, "-Infinity", Double.NEGATIVE_INFINITY, "7\0junk", 7.0, "+4", 4.0);
        valid.forEach((text, expected) -> assertThat(scores.of(b(text))).as(text).isEqualTo(expected));
        for (String invalid : List.of("abc", "1 ", " ", "nan", "1e400", "1e-400", "--1", "1x", "0xg")) {
            assertThat(scores.of(b(invalid))).as(invalid).isNaN();
        }
    }

    @Test
    void patternsResolveKeysAndHashFields() {
        ServerStats stats = new ServerStats();
        TypedLookup lookup = new TypedLookup(stats);
        Database db = new Database(0, Clock.SYSTEM, new AccessTracker(), KeyspaceEvents.NONE, new CopyOnWrite());
        db.set(b("weight_1"), b("10"), false);
        db.set(b("pre1post"), b("middle"), false);
        HashValue hash = new HashValue();
        hash.set(b("f"), b("field-value"), 128, 64);
        hash.set(b("g->h"), b("nested"), 128, 64);
        db.set(b("h_1"), hash, false);

        assertThat(new SortPattern(b("#")).resolve(lookup, db, b("1"))).isEqualTo(b("1"));
        assertThat(new SortPattern(b("weight_*")).resolve(lookup, db, b("1"))).isEqualTo(b("10"));
        assertThat(new SortPattern(b("pre*post")).resolve(lookup, db, b("1"))).isEqualTo(b("middle"));
        assertThat(new SortPattern(b("h_*->f")).resolve(lookup, db, b("1"))).isEqualTo(b("field-value"));
        assertThat(new SortPattern(b("h_*->g->h")).resolve(lookup, db, b("1"))).isEqualTo(b("nested"));
        assertThat(new SortPattern(b("h_*->missing")).resolve(lookup, db, b("1"))).isNull();
        assertThat(new SortPattern(b("h_*")).resolve(lookup, db, b("1"))).as("hash read as string").isNull();
        assertThat(new SortPattern(b("weight_*->f")).resolve(lookup, db, b("1"))).as("string read as hash").isNull();
        assertThat(new SortPattern(b("weight_*->")).resolve(lookup, db, b("_1->"))).isNull();
        assertThat(new SortPattern(b("nostar")).resolve(lookup, db, b("1"))).isNull();
        assertThat(new SortPattern(b("nostar")).hasStar()).isFalse();
        assertThat(new SortPattern(b("##")).resolve(lookup, db, b("1"))).isNull();
        assertThat(stats.keyspaceHits).isEqualTo(7);
        assertThat(stats.keyspaceMisses).isEqualTo(1);
        assertThat(Arrays.equals(new SortPattern(b("#\0x")).resolve(lookup, db, b("e")), b("e"))).isTrue();
    }
}
