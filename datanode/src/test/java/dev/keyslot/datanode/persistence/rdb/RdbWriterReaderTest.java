package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.config.ServerConfig;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RDB lengths and strings: the encodings chosen and reading them back. */
class RdbWriterReaderTest {

    private static byte[] written(java.util.function.Consumer<RdbWriter> write) {
        RdbWriter w = new RdbWriter(true);
        write.accept(w);
        return w.toByteArray();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void lengthEncodings() {
        assertThat(written(w -> w.writeLength(63))).containsExactly(0x3f);
        assertThat(written(w -> w.writeLength(64))).containsExactly(0x40, 0x40);
        assertThat(written(w -> w.writeLength(16383))).containsExactly(0x7f, 0xff);
        assertThat(written(w -> w.writeLength(16384))).containsExactly(0x80, 0, 0, 0x40, 0);
        assertThat(written(w -> w.writeLength(1L << 32))).containsExactly(0x81, 0, 0, 0, 1, 0, 0, 0, 0);
        for (long len : new long[] {0, 63, 64, 16383, 16384, 0xffffffffL, 1L << 40}) {
            byte[] bytes = written(w -> w.writeLength(len));
            assertThat(new RdbReader(bytes, 0, bytes.length).readLength()).isEqualTo(len);
        }
    }

    @Test
    void integerStringEncodings() {
        assertThat(written(w -> w.writeString(b("-128")))).containsExactly(0xc0, 0x80);
        assertThat(written(w -> w.writeString(b("300")))).containsExactly(0xc1, 0x2c, 0x01);
        assertThat(written(w -> w.writeString(b("-2147483648")))).containsExactly(0xc2, 0, 0, 0, 0x80);
        assertThat(written(w -> w.writeString(b("2147483648")))).startsWith(0x0a);
        assertThat(written(w -> w.writeString(b("007")))).containsExactly(3, '0', '0', '7');
        assertThat(written(w -> w.writeLongAsString(5_000_000_000L))).startsWith(0x0a);
        assertThat(written(w -> w.writeLongAsString(-1))).containsExactly(0xc0, 0xff);
    }

    @Test
    void compressionOnlyWhenWorthIt() {
        assertThat(written(w -> w.writeString(b("a".repeat(20))))[0]).isEqualTo((byte) 20);
        assertThat(written(w -> w.writeString(b("a".repeat(21))))[0]).isEqualTo((byte) 0xc3);
        assertThat(written(w -> w.writeString(b("abcdefghijklmnopqrstuvwxyz")))[0]).isEqualTo((byte) 26);
        RdbWriter plain = new RdbWriter(false);
        plain.writeString(b("a".repeat(100)));
        assertThat(plain.toByteArray()[0]).isEqualTo((byte) 0x40);
    }

    @Test
    void stringsRoundTrip() {
        for (String s : new String[] {"", "0", "-1", "12345", "-2147483648", "9223372036854775807", "hello",
                "x".repeat(5000), "abc\0\u00ff".repeat(100)}) {
            byte[] bytes = written(w -> w.writeString(b(s)));
            RdbReader r = new RdbReader(bytes, 0, bytes.length);
            assertThat(r.readString()).isEqualTo(b(s));
            assertThat(r.remaining()).isZero();
        }
    }

    @Test
    void malformedInputThrows() {
        assertThatThrownBy(() -> new RdbReader(new byte[0], 0, 0).readByte()).isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> new RdbReader(new byte[] {5, 'a'}, 0, 2).readString())
                .isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> new RdbReader(new byte[] {(byte) 0xc4}, 0, 1).readString())
                .isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> new RdbReader(new byte[] {(byte) 0xc0}, 0, 1).readLength())
                .isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> new RdbReader(new byte[] {(byte) 0x82}, 0, 1).readLength())
                .isInstanceOf(RdbFormatException.class);
        byte[] lzfLies = {(byte) 0xc3, 2, 9, 0x01, 'a'};
        assertThatThrownBy(() -> new RdbReader(lzfLies, 0, lzfLies.length).readString())
                .isInstanceOf(RdbFormatException.class);
    }

    @Test
    void unknownTypesAreFormatErrors() {
        byte[] payload = {(byte) RdbType.STREAM_LISTPACKS_2, 0};
        assertThatThrownBy(() -> RdbValues.standard(new ServerConfig()).read(new RdbReader(payload, 0, payload.length)))
                .isInstanceOf(RdbFormatException.class);
    }
}
