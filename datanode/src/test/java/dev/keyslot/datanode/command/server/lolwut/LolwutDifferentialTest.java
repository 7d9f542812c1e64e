package dev.keyslot.datanode.command.server.lolwut;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOLWUT against redis-server 7.0, in RESP2 and RESP3. The version line, the errors and every drawing that
 * involves no randomness (Schotter of one or two rows of squares, a skyline one row tall) must be identical byte
 * for byte; the random drawings must have Redis's shape: the same lines of the same number of characters, the
 * same caption, differing only in which Braille dots are set or which gray each cell has.
 */
class LolwutDifferentialTest {
    private static final Pattern BRAILLE = Pattern.compile("[\u2800-\u28ff]");
    private static final Pattern COLOR_CELL = Pattern.compile("\033\\[0;(30;40|90;100|37;47|97;107)m \033\\[0m");
    private static final String WHITE_CELL = "\033[0;97;107m \033[0m";
    private static final String BLACK_CELL = "\033[0;30;40m \033[0m";

    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    @Test
    void aServerOfVersion7AnswersWithItsVersionLine() {
        hello(2);
        assertThat(diff.check("LOLWUT")).isEqualTo("$18\r\nRedis ver. 7.0.15\n\r\n");
        hello(3);
        assertThat(diff.check("LOLWUT")).isEqualTo("=22\r\ntxt:Redis ver. 7.0.15\n\r\n");
        for (int protocol : new int[] {2, 3}) {
            hello(protocol);
            // Without VERSION the arguments are ignored; versions without art of their own (only the low 32 bits
            // of the number count) get the version line too.
            diff.checkAll("lolwut", "LOLWUT foo bar", "LOLWUT VERSION", "LOLWUT version 7", "LOLWUT VERSION 7 x y",
                    "LOLWUT VERSION -1", "LOLWUT VERSION 0", "LOLWUT VERSION 4", "LOLWUT VERSION 59",
                    "LOLWUT VERSION 4294967300", "LOLWUT VERSION 4294967302000");
        }
    }

    @Test
    void nonIntegerArgumentsAreRefused() {
        for (int protocol : new int[] {2, 3}) {
            hello(protocol);
            diff.checkAll("LOLWUT VERSION x", "LOLWUT VERSION 5.0", "LOLWUT VERSION 99999999999999999999",
                    "LOLWUT VERSION 5 x", "LOLWUT VERSION 5 10 x", "LOLWUT VERSION 5 10 2 x",
                    "LOLWUT VERSION 5 99999999999999999999", "LOLWUT VERSION 6 x", "LOLWUT VERSION 6 10 1.5");
        }
    }

    @Test
    void schotterWithoutDisorderedRowsIsDrawnExactly() {
        List<String> requests = new ArrayList<>(List.of("LOLWUT VERSION 5 66 8 2", "LOLWUT VERSION 5 66 8 1",
                "LOLWUT VERSION 5 3 1 1", "LOLWUT VERSION 5 0 0 0", "LOLWUT VERSION 5 -5 -5 -5",
                "LOLWUT VERSION 5 1 200 1", "LOLWUT VERSION 5 2 200 2", "LOLWUT VERSION 5 1000 200 2",
                "LOLWUT VERSION 5 5000 500 -2", "LOLWUT VERSION 5 7 3 2 extra", "LOLWUT VERSION 4294967301 10 3 1"));
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            requests.add("LOLWUT VERSION 5 " + (1 + random.nextInt(300)) + " " + (1 + random.nextInt(60)) + " "
                    + (1 + random.nextInt(2)));
        }
        for (int protocol : new int[] {2, 3}) {
            hello(protocol);
            diff.checkAll(requests.toArray(new String[0]));
        }
    }

    @Test
    void schotterHasRedisShape() {
        for (String request : List.of("LOLWUT VERSION 5", "LOLWUT VERSION 5 20", "LOLWUT VERSION 5 30 4 9",
                "LOLWUT VERSION 5 1 1 1", "LOLWUT VERSION 5 8 3 200")) {
            assertThat(BRAILLE.matcher(node(request)).replaceAll(" ")).as(request)
                    .isEqualTo(BRAILLE.matcher(redis(request)).replaceAll(" "));
        }
        // 66 columns, 8 x 12 squares: a 132 x 196 pixel canvas, 49 lines of Braille each ending in a newline.
        String[] lines = node("LOLWUT VERSION 5").split("\n", -1);
        assertThat(lines).hasSize(52);
        for (int i = 0; i < 49; i++) {
            assertThat(lines[i]).hasSize(66).matches("[\u2800-\u28ff]+");
        }
        assertThat(lines[49]).isEmpty();
        assertThat(lines[50]).isEqualTo("Georg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15");
        assertThat(lines[51]).isEmpty();
    }

    @Test
    void skylineOneRowTallIsAllSkyExactly() {
        for (int protocol : new int[] {2, 3}) {
            hello(protocol);
            diff.checkAll("LOLWUT VERSION 6 0 0", "LOLWUT VERSION 6 80 1", "LOLWUT VERSION 6 5000 -3",
                    "LOLWUT VERSION 6 3 1 extra");
        }
    }

    @Test
    void skylineHasRedisShape() {
        for (String request : List.of("LOLWUT VERSION 6", "LOLWUT VERSION 6 30 10", "LOLWUT VERSION 6 1 1000",
                "LOLWUT VERSION 6 7 2")) {
            assertThat(COLOR_CELL.matcher(node(request)).replaceAll("#")).as(request)
                    .isEqualTo(COLOR_CELL.matcher(redis(request)).replaceAll("#"));
        }
        // 80 x 20 cells; no building reaches the top row, and the foreground buildings stand on the bottom one.
        String[] lines = node("LOLWUT VERSION 6").split("\n", -1);
        assertThat(lines).hasSize(23);
        assertThat(lines[0]).isEqualTo(WHITE_CELL.repeat(80));
        for (int i = 0; i < 20; i++) {
            assertThat(COLOR_CELL.matcher(lines[i]).replaceAll("#")).isEqualTo("#".repeat(80));
        }
        assertThat(lines[19]).contains(BLACK_CELL);
        assertThat(lines[20]).isEqualTo("Dedicated to the 8 bit game developers of past and present.");
        assertThat(lines[21]).isEqualTo("Original 8 bit image from Plaguemon by hikikomori. Redis ver. 7.0.15");
        assertThat(lines[22]).isEmpty();
    }

    private static String node(String request) {
        hello(2);
        return text(diff.nodeConnection().call(request.split(" ")));
    }

    private static String redis(String request) {
        hello(2);
        return text(diff.redisConnection().call(request.split(" ")));
    }

    /** The UTF-8 text of a RESP2 bulk string reply. */
    private static String text(byte[] reply) {
        assertThat(reply[0]).isEqualTo((byte) '$');
        int body = new String(reply, StandardCharsets.US_ASCII).indexOf("\r\n") + 2;
        return new String(reply, body, reply.length - body - 2, StandardCharsets.UTF_8);
    }

    private static void hello(int protocol) {
        diff.redisConnection().call("HELLO", Integer.toString(protocol));
        diff.nodeConnection().call("HELLO", Integer.toString(protocol));
    }
}
