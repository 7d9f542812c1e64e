package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** List encoding name, memory accounting, and walking nodes backwards over lengths of every width. */
class ListValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void listsReportQuicklistAndTrackMemory() {
        ListValue list = new ListValue();
        assertThat(list.encoding()).isEqualTo("quicklist");
        long empty = list.memoryUsage();
        for (int i = 0; i < 1000; i++) {
            list.addLast(b("element-" + i));
        }
        assertThat(list.memoryUsage()).isGreaterThan(empty + 1000 * 8);
        list.removeFirst(1000);
        assertThat(list.memoryUsage()).isLessThan(empty + 1000);
        assertThat(list.type()).isEqualTo(ValueType.LIST);
    }

    @Test
    void elementsOfOneTwoAndThreeLengthBytesArePoppedFromTheTail() {
        ListValue list = new ListValue(100, 0);
        int[] lengths = {5, 127, 128, 16383, 16384, 70000, 0};
        for (int length : lengths) {
            list.addLast(b("x".repeat(length)));
        }
        assertThat(list.nodeCount()).isEqualTo(5);
        assertThat(list.get(lengths.length - 2)).hasSize(70000);
        for (int i = lengths.length - 1; i >= 0; i--) {
            assertThat(list.removeLast()).hasSize(lengths[i]);
        }
        assertThat(list.isEmpty()).isTrue();
    }
}
