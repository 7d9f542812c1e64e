package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.persistence.rdb.Listpack;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Redis logs why a RESTORE payload is bad at verbose level, in the words of its RDB loader. */
    @Test
    void theReasonIsLoggedAtVerboseLevelAsRedisLogsIt(@TempDir Path logs) throws Exception {
        Path nodeLog = logs.resolve("node.log");
        diff.node().server().log().configure("verbose", nodeLog.toString());
        Path redisLog = diff.redis().dir().resolve("redis.log");
        try (RawConnection redis = diff.newConnection(true)) {
            assertThat(redis.callString("CONFIG", "SET", "loglevel", "verbose")).isEqualTo("+OK\r\n");
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(blob(16, brokenListpack(0, 13)), "Hash listpack integrity check failed.");
        reasons.put(blob(17, listpack("m", "1", "n")), "Zset listpack integrity check failed.");
        reasons.put(blob(11, intset(3, 1, 2)), "Intset integrity check failed.");
        reasons.put(blob(9, "\u0000\u00ff"), "Zipmap integrity check failed.");
        int key = 0;
        for (Map.Entry<String, String> r : reasons.entrySet()) {
            String reply = diff.check(Latin1.args("RESTORE", "logged" + key++, "0", Payloads.withFooter(r.getKey(), 10)));
            assertThat(reply).isEqualTo("-ERR Bad data format\r\n");
            assertThat(Files.readString(redisLog, StandardCharsets.ISO_8859_1)).contains(r.getValue());
            assertThat(Files.readString(nodeLog, StandardCharsets.ISO_8859_1)).contains(r.getValue());
        }
    }
}
