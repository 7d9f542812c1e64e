package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.util.Numbers;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listpack and intset blobs read back what was written, and truncated blobs are format errors. */
class CollectionBlobsTest {
    @Property(tries = 200)
    void listpacksRoundTrip(@ForAll @Size(max = 40) List<byte[]> strings, @ForAll @Size(max = 40) List<Long> ints) {
        List<byte[]> elements = new ArrayList<>(strings);
        ints.forEach(v -> elements.add(Numbers.toBytes(v)));
        Listpack lp = new Listpack();
        elements.forEach(lp::append);
        byte[] blob = lp.toByteArray();
        assertThat(blob.length).isEqualTo(lp.bytes());
        List<byte[]> back = Listpack.parse(blob);
        assertThat(back).hasSameSizeAs(elements);
        for (int i = 0; i < back.size(); i++) {
            assertThat(back.get(i)).isEqualTo(elements.get(i));
        }
        for (int cut = 1; cut < blob.length; cut += 1 + blob.length / 20) {
            byte[] truncated = Arrays.copyOf(blob, blob.length - cut);
            assertThatThrownBy(() -> Listpack.parse(truncated)).isInstanceOf(RdbFormatException.class);
        }
    }

    @Test
    void longStringsUseWideLengthsAndBacklens() {
        for (int len : new int[] {63, 64, 4095, 4096, 16370, 16384, 70000}) {
            byte[] s = "q".repeat(len).getBytes(StandardCharsets.US_ASCII);
            Listpack lp = new Listpack();
            lp.append(s);
            lp.append(s);
            List<byte[]> back = Listpack.parse(lp.toByteArray());
            assertThat(back).hasSize(2);
            assertThat(back.get(1)).isEqualTo(s);
        }
    }

    @Property(tries = 200)
    void intsetsRoundTrip(@ForAll @Size(max = 50) List<Long> values) {
        long[] sorted = new TreeSet<>(values).stream().mapToLong(Long::longValue).toArray();
        int width = 8;
        byte[] blob = Intset.encode(sorted, sorted.length, width);
        assertThat(Intset.width(blob)).isEqualTo(width);
        assertThat(Intset.decode(blob)).isEqualTo(sorted);
        if (sorted.length > 0) {
            byte[] truncated = Arrays.copyOf(blob, blob.length - 1);
            assertThatThrownBy(() -> Intset.decode(truncated)).isInstanceOf(RdbFormatException.class);
        }
    }
}
