package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.persistence.rdb.Listpack;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RESTORE of collection payloads with a valid checksum but a malformed body: redis-server with
 * sanitize-dump-payload yes and the data node (which always checks) both answer "Bad data format".
 */
class CorruptCollectionPayloadsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--sanitize-dump-payload", "yes");

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String listpack(String... elements) {
        Listpack lp = new Listpack();
        for (String e : elements) {
            lp.append(e.getBytes(StandardCharsets.ISO_8859_1));
        }
        return latin1(lp.toByteArray());
    }

    /** A listpack of "a", "1" with one byte replaced. */
    private static String brokenListpack(int index, int value) {
        byte[] b = listpack("a", "1").getBytes(StandardCharsets.ISO_8859_1);
        b[index] = (byte) value;
        return latin1(b);
    }

    private static String intset(int width, long... values) {
        StringBuilder sb = new StringBuilder();
        appendLe(sb, width, 4);
        appendLe(sb, values.length, 4);
        for (long v : values) {
            appendLe(sb, v, width);
        }
        return sb.toString();
    }

    private static void appendLe(StringBuilder sb, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            sb.append((char) ((v >>> (8 * i)) & 0xff));
        }
    }

    private static String blob(int type, String content) {
        return (char) type + OldEncodings.rdbString(content);
    }

    @Test
    void malformedBodiesAreBadDataFormat() {
        String nan = "\u0000\u0000\u0000\u0000\u0000\u0000\u00f8\u007f";
        String one = "\u0000\u0000\u0000\u0000\u0000\u0000\u00f0\u003f";
        List<String> bodies = new ArrayList<>(List.of(
                blob(16, brokenListpack(0, 13)),
                blob(16, brokenListpack(4, 3)),
                blob(16, brokenListpack(11, 0xfe)),
                blob(16, brokenListpack(8, 3)),
                blob(16, brokenListpack(6, 0xff)),
                blob(16, listpack("a", "1", "b")),
                blob(16, listpack("a", "1", "a", "2")),
                blob(16, listpack()),
                blob(17, listpack("m", "1", "n")),
                blob(17, listpack("m", "1", "m", "2")),
                blob(11, intset(3, 1, 2)),
                blob(11, intset(2, 2, 1)),
                blob(11, intset(4, 5, 5)),
                blob(11, intset(8, 1, 2).substring(1)),
                blob(11, intset(2)),
                blob(18, "").substring(0, 1) + "\u0001\u0003" + OldEncodings.rdbString(listpack("a")),
                "\u0012\u0000",
                "\u0012\u0001\u0002" + OldEncodings.rdbString(listpack()),
                "\u0012\u0001\u0001\u0000",
                "\u0005\u0001\u0001m" + nan,
                "\u0005\u0002\u0001m" + one + "\u0001m" + one,
                "\u0005\u0000",
                "\u0002\u0002\u0001a\u0001a",
                "\u0002\u0000",
                "\u0004\u0002\u0001a\u0001x\u0001a\u0001y",
                "\u0004\u0000",
                "\u0001\u0000",
                "\u0010\u0020" + listpack("a", "1")));
        for (int i = 0; i < bodies.size(); i++) {
            String reply = diff.check(Latin1.args("RESTORE", "k" + i, "0", Payloads.withFooter(bodies.get(i), 10)));
            assertThat(reply).as("body %d", i).isEqualTo("-ERR Bad data format\r\n");
        }
        diff.checkAll("DBSIZE");
    }
}
