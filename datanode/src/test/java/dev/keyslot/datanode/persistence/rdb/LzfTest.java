package dev.keyslot.datanode.persistence.rdb;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** LZF round trips and failure modes (byte compatibility with Redis is checked through DUMP). */
class LzfTest {

    @Property(tries = 100)
    void roundTripsWhateverCompresses(@ForAll @Size(max = 3000) byte[] data, @ForAll boolean repetitive) {
        byte[] in = repetitive ? repeatPrefix(data) : data;
        // Room for the worst case: one control byte per 32 literals, plus the tail check's slack.
        int limit = in.length + in.length / 32 + 4;
        byte[] out = new byte[limit + 1];
        int n = Lzf.compress(in, in.length, out, limit);
        if (n == 0) {
            assertThat(in.length).isZero();
            return;
        }
        byte[] back = new byte[in.length];
        assertThat(Lzf.decompress(out, 0, n, back)).isEqualTo(in.length);
        assertThat(back).isEqualTo(in);
    }

    private static byte[] repeatPrefix(byte[] data) {
        byte[] in = new byte[data.length];
        int period = Math.max(1, data.length / 7);
        for (int i = 0; i < in.length; i++) {
            in[i] = data[i % period];
        }
        return in;
    }

    @Test
    void compressesRunsAndGivesUpWhenTheOutputIsTooSmall() {
        byte[] in = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[1000];
        int n = Lzf.compress(in, in.length, out, 996);
        assertThat(n).isBetween(1, 30);
        byte[] random = new byte[100];
        new java.util.Random(1).nextBytes(random);
        assertThat(Lzf.compress(random, random.length, new byte[97], 96)).isZero();
    }

    @Test
    void corruptInputIsRejected() {
        byte[] in = "abcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64];
        int n = Lzf.compress(in, in.length, out, 63);
        assertThat(Lzf.decompress(out, 0, n, new byte[in.length - 1])).as("output too small").isEqualTo(-1);
        assertThat(Lzf.decompress(out, 0, n - 1, new byte[in.length])).as("truncated").isNotEqualTo(in.length);
        assertThat(Lzf.decompress(new byte[] {(byte) 0x20, 0x05}, 0, 2, new byte[10])).as("reference before start")
                .isEqualTo(-1);
        assertThat(Lzf.decompress(new byte[] {0x05, 'a'}, 0, 2, new byte[10])).as("literal past input").isEqualTo(-1);
        assertThat(Lzf.decompress(new byte[0], 0, 0, new byte[1])).isEqualTo(-1);
    }
}
