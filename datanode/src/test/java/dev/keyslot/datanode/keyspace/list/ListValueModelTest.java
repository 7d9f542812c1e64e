package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.persistence.rdb.Listpack;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListValue against an ArrayList under random operation scripts: small elements filling nodes, and elements of
 * 600-1300 bytes that need nodes of their own or split a full one, under a fill counting elements or bytes; every
 * read order (forwards, backwards, by iteration, a range in place) after every step, and every node non-empty and
 * knowing its listpack's size.
 */
class ListValueModelTest {

    @Property(tries = 300)
    void behavesLikeAnArrayList(@ForAll @Size(max = 600) List<@IntRange(min = 0, max = 1_000_000) Integer> script) {
        ListValue list = new ListValue(script.size() % 2 == 0 ? 3 : -1, 0);
        List<String> model = new ArrayList<>();
        for (int code : script) {
            int arg = code / 10;
            String v = arg % 13 == 0 ? "L".repeat(600 + arg % 700) : "v" + (arg % 7);
            switch (code % 10) {
                case 0 -> {
                    list.addFirst(bytes(v));
                    model.add(0, v);
                }
                case 1, 2 -> {
                    list.addLast(bytes(v));
                    model.add(v);
                }
                case 3 -> {
                    if (!model.isEmpty()) {
                        assertThat(str(list.removeFirst())).isEqualTo(model.remove(0));
                    }
                }
                case 4 -> {
                    if (!model.isEmpty()) {
                        assertThat(str(list.removeLast())).isEqualTo(model.remove(model.size() - 1));
                    }
                }
                case 5 -> {
                    int at = arg % (model.size() + 1);
                    if (model.isEmpty()) {
                        list.addFirst(bytes(v));
                    } else if (at == model.size()) {
                        list.insert(at - 1, true, bytes(v));
                    } else {
                        list.insert(at, false, bytes(v));
                    }
                    model.add(at, v);
                }
                case 6 -> assertThat(list.size()).isEqualTo(model.size());
                case 7 -> {
                    if (!model.isEmpty()) {
                        int at = arg % model.size();
                        list.set(at, bytes(v + "!"));
                        model.set(at, v + "!");
                    }
                }
                case 8 -> {
                    long count = arg % 5 - 2;
                    assertThat(list.removeMatching(bytes(v), count)).isEqualTo(removeMatching(model, v, count));
                }
                default -> {
                    int n = model.isEmpty() ? 0 : arg % (model.size() + 1);
                    if (arg % 2 == 0) {
                        list.removeFirst(n);
                        model.subList(0, n).clear();
                    } else {
                        list.removeLast(n);
                        model.subList(model.size() - n, model.size()).clear();
                    }
                }
            }
            assertThat(contents(list)).isEqualTo(model);
            assertThat(backwards(list)).isEqualTo(model);
            List<String> iterated = new ArrayList<>();
            list.forEachElement(e -> iterated.add(str(e)));
            assertThat(iterated).isEqualTo(model);
            for (int node = 0; node < list.nodeCount(); node++) {
                assertThat(list.nodeElements(node)).isPositive();
                assertThat(list.nodeBytes(node)).isEqualTo(Listpack.ofNode(list, node).length);
            }
            if (!model.isEmpty()) {
                int first = arg % model.size();
                int last = first + (arg / 7) % (model.size() - first);
                List<String> ranged = new ArrayList<>();
                list.forEachInRange(first, last, (a, o, l) -> ranged.add(new String(a, o, l, StandardCharsets.US_ASCII)));
                assertThat(ranged).isEqualTo(model.subList(first, last + 1));
            }
        }
        ListValue copy = list.copy();
        list.addLast(bytes("after-copy"));
        assertThat(contents(copy)).isEqualTo(model);
    }

    private static int removeMatching(List<String> model, String v, long count) {
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        int removed = 0;
        if (count >= 0) {
            for (Iterator<String> it = model.iterator(); it.hasNext() && removed < limit; ) {
                if (it.next().equals(v)) {
                    it.remove();
                    removed++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && removed < limit; i--) {
                if (model.get(i).equals(v)) {
                    model.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static List<String> contents(ListValue list) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(str(list.get(i)));
        }
        return out;
    }

    private static List<String> backwards(ListValue list) {
        List<String> out = new ArrayList<>();
        for (int i = list.size() - 1; i >= 0; i--) {
            out.add(0, str(list.get(i)));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
