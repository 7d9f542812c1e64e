package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random mixes of XADD (varying field sets, integers, long values), XDEL, XTRIM and range reads
 * on small nodes, so that master-field compression, in-place counter rewrites and node removal are
 * exercised; every reply and the final DUMP must match redis-server's.
 */
class StreamRandomDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    @Test
    void randomOperationsMatchRedis() {
        for (long seed = 1; seed <= 3; seed++) {
            diff.reset();
            run(new Random(seed));
        }
    }

    private static void run(Random rnd) {
        diff.check("CONFIG", "SET", "stream-node-max-entries", Integer.toString(3 + rnd.nextInt(10)));
        diff.check("CONFIG", "SET", "stream-node-max-bytes", Integer.toString(rnd.nextBoolean() ? 4096 : 200));
        long ms = 1;
        for (int op = 0; op < 400; op++) {
            int kind = rnd.nextInt(20);
            if (kind < 12) {
                ms += rnd.nextInt(3);
                List<String> args = new ArrayList<>(List.of("XADD", "s", ms + "-*"));
                int fields = 1 + rnd.nextInt(3);
                for (int f = 0; f < fields; f++) {
                    args.add(rnd.nextInt(5) == 0 ? "f" + rnd.nextInt(3) : "field" + f);
                    args.add(value(rnd));
                }
                diff.check(args.toArray(new String[0]));
            } else if (kind < 15) {
                diff.check("XDEL", "s", rnd.nextInt((int) ms + 1) + "-" + rnd.nextInt(3),
                        rnd.nextInt((int) ms + 1) + "-0");
            } else if (kind == 15) {
                diff.check("XTRIM", "s", "MAXLEN", rnd.nextBoolean() ? "~" : "=", Integer.toString(rnd.nextInt(60)));
            } else if (kind == 16) {
                diff.check("XTRIM", "s", "MINID", rnd.nextBoolean() ? "~" : "=", Long.toString(rnd.nextInt((int) ms + 1)));
            } else if (kind == 17) {
                long a = rnd.nextInt((int) ms + 1);
                diff.check("XRANGE", "s", Long.toString(a), Long.toString(a + rnd.nextInt(10)), "COUNT",
                        Integer.toString(rnd.nextInt(6)));
            } else if (kind == 18) {
                diff.check("XREVRANGE", "s", "+", "(" + rnd.nextInt((int) ms + 1), "COUNT", "4");
            } else {
                diff.checkAll("XINFO STREAM s", "XLEN s");
            }
        }
        diff.checkAll("XRANGE s - +", "DUMP s", "CONFIG SET stream-node-max-entries 100",
                "CONFIG SET stream-node-max-bytes 4096");
    }

    private static String value(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Integer.toString(rnd.nextInt(200) - 100);
            case 1 -> Long.toString(rnd.nextLong());
            case 2 -> "x".repeat(rnd.nextInt(100));
            case 3 -> Integer.toString(rnd.nextInt(100000));
            default -> "v" + rnd.nextInt(1000);
        };
    }
}
