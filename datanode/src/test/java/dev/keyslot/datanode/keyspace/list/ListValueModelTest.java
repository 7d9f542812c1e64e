package dev.keyslot.datanode.keyspace.list;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ListValue against an ArrayList under random operation scripts (including wrap-around and resizing). */
class ListValueModelTest {

    @Property(tries = 300)
    void behavesLikeAnArrayList(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 1_000_000) Integer> script) {
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (int code : script) {
            int arg = code / 10;
            String v = "v" + (arg % 7);
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
                    list.insert(at, bytes(v));
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
