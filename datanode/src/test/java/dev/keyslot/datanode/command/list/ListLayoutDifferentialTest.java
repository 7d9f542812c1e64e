package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list's quicklist nodes after any history, compared with redis-server 7.0 through what shows them: DUMP's
 * bytes and DEBUG OBJECT's ql_* figures and serialized length. Seeded random sequences of every list-editing
 * command, over integers of every listpack width, strings near a node's size and strings over a small
 * DEBUG QUICKLIST-PACKED-THRESHOLD, under list-max-listpack-size values counting bytes and elements, changed
 * after the list is made too; then RESTORE of Redis's payload followed by more edits, and DEBUG RELOAD.
 */
class ListLayoutDifferentialTest {
    private static final String[] KEYS = {"l", "m", "sorted", "copied"};
    private static final String[] FILLS = {"-1", "-2", "-3", "-5", "-9", "0", "1", "3", "10", "200"};
    @RegisterExtension
    static final Differential diff = Differential.perClass("--enable-debug-command", "yes");

    @AfterEach
    void restoreDefaults() {
        diff.checkAll("DEBUG QUICKLIST-PACKED-THRESHOLD 0", "CONFIG SET list-max-listpack-size -2");
    }

    @Test
    void randomEditSequencesLeaveRedisNodes() {
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            diff.reset();
            diff.checkAll("FLUSHALL", "CONFIG SET list-max-listpack-size " + FILLS[rnd.nextInt(FILLS.length)],
                    "DEBUG QUICKLIST-PACKED-THRESHOLD " + (rnd.nextInt(3) == 0 ? "1000" : "0"));
            List<String> push = new ArrayList<>(List.of("RPUSH", "l"));
            int size = new int[] {1, 20, 150, 600}[rnd.nextInt(4)];
            for (int i = 0; i < size; i++) {
                push.add(element(rnd));
            }
            diff.check(push.toArray(String[]::new));
            if (rnd.nextInt(3) == 0) {
                diff.checkAll("CONFIG SET list-max-listpack-size " + FILLS[rnd.nextInt(FILLS.length)]);
            }
            for (int step = rnd.nextInt(40); step >= 0; step--) {
                diff.check(edit(rnd, size));
            }
            compareNodes("seed " + seed);
        }
    }

    @Test
    void restoredPayloadKeepsRedisNodesThroughFurtherEdits() {
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(1000 + seed);
            diff.reset();
            diff.checkAll("FLUSHALL", "CONFIG SET list-max-listpack-size " + FILLS[rnd.nextInt(FILLS.length)]);
            for (int step = 0; step < 200; step++) {
                diff.check(rnd.nextBoolean() ? "LPUSH" : "RPUSH", "l", element(rnd));
            }
            for (int step = 0; step < 20; step++) {
                diff.check(edit(rnd, 200));
            }
            byte[] payload = bulk(diff.redisConnection().call("DUMP", "l"));
            diff.checkAll("CONFIG SET list-max-listpack-size " + FILLS[rnd.nextInt(FILLS.length)]);
            diff.check(bytes("RESTORE"), bytes("l"), bytes("0"), payload, bytes("REPLACE"));
            compareNodes("restored, seed " + seed);
            for (int step = 0; step < 20; step++) {
                diff.check(edit(rnd, 200));
            }
            compareNodes("edited after RESTORE, seed " + seed);
        }
    }

    @Test
    void debugReloadKeepsTheNodesUnderTheFillOfTheLoad() {
        Random rnd = new Random(7);
        diff.checkAll("CONFIG SET list-max-listpack-size 5");
        for (int step = 0; step < 300; step++) {
            diff.check(rnd.nextBoolean() ? "LPUSH" : "RPUSH", "l", element(rnd));
        }
        for (int step = 0; step < 30; step++) {
            diff.check(edit(rnd, 300));
        }
        diff.checkAll("CONFIG SET list-max-listpack-size -1", "DEBUG RELOAD");
        compareNodes("reloaded");
        for (int step = 0; step < 30; step++) {
            diff.check(edit(rnd, 300));
        }
        compareNodes("edited after DEBUG RELOAD");
    }

    /**
     * Beyond list-compress-depth nodes from both ends, Redis holds nodes LZF-compressed where that saves enough,
     * and DUMP writes them so even with rdbcompression off; MEMORY USAGE counts them at their compressed size.
     */
    @Test
    void nodesBeyondTheCompressDepthAreWrittenCompressed() {
        for (String depth : new String[] {"1", "2", "3"}) {
            diff.reset();
            diff.checkAll("FLUSHALL", "CONFIG SET list-compress-depth " + depth, "CONFIG SET rdbcompression no");
            try {
                Random rnd = new Random(Integer.parseInt(depth));
                for (int step = 0; step < 3000; step++) {
                    diff.check(step % 3 == 0 ? "LPUSH" : "RPUSH", "l", element(rnd));
                }
                diff.checkAll("RPUSH m " + "incompressible".repeat(3) + " 1 2 3", "SORT l BY nosort STORE sorted",
                        "COPY l copied", "MEMORY USAGE l", "MEMORY USAGE l SAMPLES 0");
                compareNodes("list-compress-depth " + depth);
                diff.checkAll("CONFIG SET rdbcompression yes");
                for (int step = 0; step < 30; step++) {
                    diff.check(edit(rnd, 3000));
                }
                compareNodes("edited, list-compress-depth " + depth);
            } finally {
                diff.checkAll("CONFIG SET list-compress-depth 0", "CONFIG SET rdbcompression yes");
            }
        }
    }

    private static String element(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0, 1 -> Long.toString(rnd.nextInt(140_000) - 70_000);
            case 2 -> Long.toString(new long[] {127, -4096, 4095, 32767, 8388607, -2147483648L, 1L << 40,
                    Long.MAX_VALUE, Long.MIN_VALUE}[rnd.nextInt(9)]);
            case 3 -> "z".repeat(new int[] {900, 1100, 4000, 8100, 9000}[rnd.nextInt(5)]);
            case 4 -> "w".repeat(50 + rnd.nextInt(300));
            default -> "v" + rnd.nextInt(25);
        };
    }

    /** One list-editing command on l (or moving between l and m), its arguments drawn from rnd. */
    private static String[] edit(Random rnd, int size) {
        String pivot = "v" + rnd.nextInt(25);
        String index = Integer.toString(rnd.nextInt(2 * size + 1) - size);
        String count = Integer.toString(1 + rnd.nextInt(30));
        String side = rnd.nextBoolean() ? "LEFT" : "RIGHT";
        String otherSide = rnd.nextBoolean() ? "LEFT" : "RIGHT";
        return switch (rnd.nextInt(18)) {
            case 0, 1, 2 -> new String[] {"LINSERT", "l", rnd.nextBoolean() ? "BEFORE" : "AFTER", pivot, element(rnd)};
            case 3, 4 -> new String[] {"LSET", "l", index, element(rnd)};
            case 5 -> new String[] {"LREM", "l", Integer.toString(rnd.nextInt(5) - 2), pivot};
            case 6 -> new String[] {"LTRIM", "l", Integer.toString(rnd.nextInt(6)),
                    Integer.toString(-1 - rnd.nextInt(6))};
            case 7 -> new String[] {rnd.nextBoolean() ? "LPOP" : "RPOP", "l"};
            case 8 -> new String[] {rnd.nextBoolean() ? "LPOP" : "RPOP", "l", count};
            case 9 -> new String[] {"LPUSH", "l", element(rnd), element(rnd), element(rnd)};
            case 10 -> new String[] {"RPUSHX", "l", element(rnd), element(rnd)};
            case 11 -> new String[] {"LMOVE", "l", rnd.nextBoolean() ? "l" : "m", side, otherSide};
            case 12 -> new String[] {"RPOPLPUSH", "m", "l"};
            case 13 -> new String[] {"BLMOVE", "l", "m", side, otherSide, "0.01"};
            case 14 -> new String[] {"LMPOP", "2", "m", "l", side, "COUNT", count};
            case 15 -> new String[] {"BLMPOP", "0.01", "1", "l", side};
            case 16 -> new String[] {"SORT", "l", "BY", "nosort", "STORE", "sorted"};
            default -> new String[] {"COPY", "l", "copied", "REPLACE"};
        };
    }

    private static void compareNodes(String when) {
        for (String key : KEYS) {
            diff.check("DUMP", key);
            String expected = withoutAddressAndClock(diff.redisConnection().callString("DEBUG", "OBJECT", key));
            assertThat(withoutAddressAndClock(diff.nodeConnection().callString("DEBUG", "OBJECT", key)))
                    .as(when + ", DEBUG OBJECT " + key).isEqualTo(expected);
        }
    }

    private static String withoutAddressAndClock(String debugObject) {
        return debugObject.replaceFirst("Value at:\\S+ ", "").replaceFirst(" lru:\\d+ lru_seconds_idle:\\d+", "");
    }

    private static byte[] bulk(byte[] reply) {
        int header = new String(reply, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
        return Arrays.copyOfRange(reply, header, reply.length - 2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
