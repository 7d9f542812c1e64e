package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** List encoding name and memory accounting. */
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
}
