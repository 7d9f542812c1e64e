package dev.keyslot.datanode.keyspace.zset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ZSetValue, in both encodings (packed listpack, skip list with spans plus member dict), against a TreeSet
 * ordered by (score, member): order both ways, ranks, rank lookup and score ranges after random inserts, score
 * updates and removals.
 */
class ZSetValueModelTest {
    private record Entry(double score, String member) {
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparingDouble(Entry::score).thenComparing(Entry::member);

    @Property(tries = 100)
    void behavesLikeASortedModel(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 1_000_000) Integer> script) {
        run(script, new ZSetValue(false), Long.MAX_VALUE);
    }

    /** Starting compact (found without a dict) and converting to a skip list past 20 members, as ZADD does. */
    @Property(tries = 100)
    void behavesLikeASortedModelThroughTheListpackState(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 1_000_000) Integer> script) {
        ZSetValue z = new ZSetValue(true);
        run(script, z, 20);
        assertThat(z.isListpack()).isEqualTo(!convertedOnce(script));
    }

    /** Whether the script ever held more than 20 distinct members at once (the conversion is for good). */
    private static boolean convertedOnce(List<Integer> script) {
        Set<String> members = new HashSet<>();
        for (int code : script) {
            String member = "m" + (code / 4 % 50);
            if (code % 4 == 2) {
                members.remove(member);
            } else if (code % 4 < 2) {
                members.add(member);
                if (members.size() > 20) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void run(List<Integer> script, ZSetValue z, long maxListpackEntries) {
        Map<String, Double> scores = new HashMap<>();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        for (int code : script) {
            int arg = code / 4;
            String member = "m" + (arg % 50);
            double score = (arg / 50) % 9 - 4 + (arg % 7 == 0 ? 0.25 : 0);
            Double current = scores.get(member);
            switch (code % 4) {
                case 0, 1 -> {
                    ZSetEntry node = z.find(bytes(member));
                    assertThat(node == null).isEqualTo(current == null);
                    if (node == null) {
                        z.insert(bytes(member), score, maxListpackEntries, Long.MAX_VALUE);
                    } else {
                        z.updateScore(node, score);
                        model.remove(new Entry(current, member));
                    }
                    scores.put(member, score);
                    model.add(new Entry(score, member));
                }
                case 2 -> {
                    assertThat(z.remove(bytes(member))).isEqualTo(current != null);
                    if (current != null) {
                        scores.remove(member);
                        model.remove(new Entry(current, member));
                    }
                }
                default -> checkRange(z, model, score, score + arg % 4, arg % 3 == 0, arg % 5 == 0);
            }
            checkOrderAndRanks(z, model);
        }
    }

    private static void checkOrderAndRanks(ZSetValue z, TreeSet<Entry> model) {
        assertThat(z.size()).isEqualTo(model.size());
        List<Entry> actual = new ArrayList<>();
        for (ZSetEntry n = z.first(); n != null; n = n.next()) {
            actual.add(entry(n));
        }
        assertThat(actual).containsExactlyElementsOf(model);
        List<Entry> backwards = new ArrayList<>();
        for (ZSetEntry n = z.last(); n != null; n = n.previous()) {
            backwards.add(0, entry(n));
        }
        assertThat(backwards).containsExactlyElementsOf(model);
        int rank = 0;
        for (Entry e : model) {
            ZSetEntry node = z.find(bytes(e.member()));
            assertThat(z.rank(node)).isEqualTo(rank);
            assertThat(entry(z.byRank(rank))).isEqualTo(e);
            rank++;
        }
        assertThat(z.byRank(model.size())).isNull();
        List<String> scanned = new ArrayList<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = z.scan(cursor, n -> scanned.add(str(n.member())));
        } while (cursor != 0 && ++steps < 10_000);
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(model.stream().map(Entry::member).toList());
        ZSetEntry random = z.randomMember();
        if (model.isEmpty()) {
            assertThat(random).isNull();
        } else {
            assertThat(model).contains(entry(random));
            assertThat(entry(z.byRank(z.rank(random)))).isEqualTo(entry(random));
        }
    }

    private static void checkRange(ZSetValue z, TreeSet<Entry> model, double min, double max,
                                   boolean minEx, boolean maxEx) {
        ScoreRange range = new ScoreRange(min, max, minEx, maxEx);
        List<Entry> inside = model.stream().filter(e -> range.contains(e.score())).toList();
        ZSetEntry first = z.firstInRange(range);
        ZSetEntry last = z.lastInRange(range);
        if (inside.isEmpty()) {
            assertThat(first).isNull();
            assertThat(last).isNull();
            return;
        }
        assertThat(entry(first)).isEqualTo(inside.get(0));
        assertThat(entry(last)).isEqualTo(inside.get(inside.size() - 1));
        assertThat(z.rank(last) - z.rank(first) + 1).isEqualTo(inside.size());
    }

    private static Entry entry(ZSetEntry n) {
        return new Entry(n.score(), str(n.member()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
