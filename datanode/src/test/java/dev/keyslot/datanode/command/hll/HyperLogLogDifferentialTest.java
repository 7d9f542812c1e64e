package dev.keyslot.datanode.command.hll;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** PFADD, PFCOUNT and PFMERGE against redis-server, comparing the HLL strings themselves with GET. */
class HyperLogLogDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static void addMany(String key, String prefix, int from, int to, int batch) {
        for (int i = from; i < to; i += batch) {
            List<String> args = new ArrayList<>(List.of("PFADD", key));
            for (int j = i; j < Math.min(to, i + batch); j++) {
                args.add(prefix + j);
            }
            diff.check(args.toArray(new String[0]));
        }
    }

    @Test
    void sparseValuesAreIdentical() {
        diff.checkAll("PFADD h", "GET h", "PFCOUNT h", "GET h", "PFADD h a b c d e f g", "GET h",
                "PFADD h a", "PFCOUNT h", "GET h", "PFCOUNT h", "OBJECT ENCODING h", "STRLEN h",
                "PFADD h", "PFADD h2 x", "PFCOUNT missing", "PFADD empty", "GET empty", "TYPE h");
        addMany("h", "e", 0, 300, 7);
        diff.checkAll("GET h", "PFCOUNT h", "GET h");
    }

    @Test
    void promotionToDenseIsIdentical() {
        addMany("h", "m", 0, 5000, 50);
        diff.checkAll("GET h", "PFCOUNT h", "GET h", "STRLEN h");
        addMany("h", "n", 0, 20000, 500);
        diff.checkAll("GET h", "PFCOUNT h", "GET h");
    }

    @Test
    void sparseMaxBytesConfiguration() {
        diff.checkAll("CONFIG SET hll-sparse-max-bytes 100");
        addMany("h", "s", 0, 60, 3);
        diff.checkAll("GET h", "STRLEN h", "PFCOUNT h", "CONFIG SET hll-sparse-max-bytes 3000");
    }

    @Test
    void largeRegisterValuesPromote() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            diff.check("PFADD", "big", "v" + rnd.nextInt(1_000_000_000));
        }
        diff.checkAll("GET big", "PFCOUNT big");
    }

    @Test
    void mergeIsIdentical() {
        addMany("a", "x", 0, 100, 10);
        addMany("b", "y", 0, 50, 10);
        addMany("d", "z", 0, 3000, 300);
        diff.checkAll("PFMERGE m a b", "GET m", "PFCOUNT m", "PFCOUNT a b", "PFCOUNT a b missing",
                "PFMERGE m2 a d", "GET m2", "PFCOUNT m2", "PFMERGE a", "GET a", "PFMERGE new", "GET new",
                "PFMERGE new missing", "GET new", "PFMERGE b b a", "GET b", "PFCOUNT a d b", "PFMERGE d a",
                "GET d", "SET s foo", "PFMERGE s a");
    }

    @Test
    void errors() {
        diff.checkAll("SET s foo", "PFADD s a", "PFCOUNT s", "PFCOUNT s s", "PFMERGE x s", "LPUSH l a",
                "PFADD l a", "PFCOUNT l", "PFCOUNT l s", "PFMERGE l", "PFADD", "PFCOUNT", "PFMERGE",
                "SET short HYLL", "PFADD short a", "PFCOUNT short",
                "PFADD h a b c", "APPEND h xx", "PFCOUNT h", "PFADD h zz");
        diff.check("SET", "baddense", "HYLL\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000x");
        diff.checkAll("PFADD baddense a", "PFCOUNT baddense");
        diff.check("SET", "badenc", "HYLL\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000");
        diff.checkAll("PFADD badenc a", "PFCOUNT badenc");
        diff.check("SET", "corrupt", "HYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0080\u0000\u0000\u0000\u0000"
                + "\u0000\u0000");
        diff.checkAll("PFCOUNT corrupt", "PFADD corrupt a b c", "GET corrupt", "PFCOUNT corrupt x",
                "PFMERGE corrupt2 corrupt", "GET corrupt2");
        diff.check("SET", "overrun", "HYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0080\u0000\u0000\u0000\u0000"
                + "\u007f\u00ff\u0080");
        diff.checkAll("PFCOUNT overrun", "PFADD overrun q", "PFMERGE o2 overrun");
    }

    /** A dense HLL string with the given register values (index, value pairs). */
    private static byte[] dense(int... registers) {
        byte[] s = new byte[16 + 12288];
        s[0] = 'H';
        s[1] = 'Y';
        s[2] = 'L';
        s[3] = 'L';
        s[15] = (byte) 0x80;
        for (int i = 0; i < registers.length; i += 2) {
            int bit = registers[i] * 6;
            int b = 16 + bit / 8;
            int shift = bit & 7;
            s[b] |= (byte) (registers[i + 1] << shift);
            if (b + 1 < s.length) {
                s[b + 1] |= (byte) (registers[i + 1] >>> (8 - shift));
            }
        }
        return s;
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void registersAbove32PromoteSparseValues() {
        diff.check(b("SET"), b("d"), dense(0, 40, 5, 33, 16383, 63, 100, 7, 101, 7, 102, 7, 103, 7, 104, 7));
        diff.checkAll("PFCOUNT d", "GET d", "PFADD sp a b c", "PFMERGE sp d", "GET sp", "PFCOUNT sp d",
                "PFMERGE fresh d", "GET fresh", "PFDEBUG GETREG fresh", "PFADD d zz", "GET d");
        diff.check(b("SET"), b("small"), dense(7, 32, 8, 32, 9, 31, 3000, 12, 3001, 12, 3002, 12, 3003, 12, 3004, 12));
        diff.checkAll("CONFIG SET hll-sparse-max-bytes 3000", "PFADD s2 x", "PFMERGE s2 small", "GET s2",
                "PFDEBUG DECODE s2", "PFMERGE s3 s2", "GET s3", "PFCOUNT s2 s3 small");
    }

    @Test
    void pfdebug() {
        addMany("h", "d", 0, 40, 8);
        diff.checkAll("PFDEBUG ENCODING h", "PFDEBUG DECODE h", "PFDEBUG decode missing", "PFDEBUG GETREG missing",
                "PFDEBUG BOGUS h", "PFDEBUG BOGUS missing", "SET s v", "PFDEBUG ENCODING s", "PFDEBUG TODENSE h",
                "PFDEBUG ENCODING h", "GET h", "PFDEBUG TODENSE h", "PFDEBUG DECODE h", "PFADD h2 a b c",
                "PFDEBUG GETREG h2", "PFDEBUG ENCODING h2", "GET h2", "PFDEBUG GETREG h", "PFDEBUG ENCODING",
                "PFDEBUG", "COMMAND INFO pfdebug pfadd", "PFADD new", "PFDEBUG DECODE new");
    }

    @Test
    void dumpRestoreInteroperates() {
        addMany("h", "r", 0, 500, 50);
        diff.checkAll("DUMP h", "PFCOUNT h", "DUMP h");
    }

    @Test
    void randomizedAddsCountsAndMerges() {
        Random rnd = new Random(42);
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int round = 0; round < 150 && System.nanoTime() < deadline; round++) {
            String key = "k" + rnd.nextInt(4);
            int op = rnd.nextInt(10);
            if (op < 6) {
                List<String> args = new ArrayList<>(List.of("PFADD", key));
                int n = rnd.nextInt(rnd.nextBoolean() ? 5 : 200);
                for (int i = 0; i < n; i++) {
                    args.add(Integer.toString(rnd.nextInt(100_000)));
                }
                diff.check(args.toArray(new String[0]));
            } else if (op < 8) {
                diff.check("PFCOUNT", key);
                diff.check("PFCOUNT", key, "k" + rnd.nextInt(4));
            } else {
                diff.check("PFMERGE", key, "k" + rnd.nextInt(4), "k" + rnd.nextInt(4));
            }
            diff.check("GET", key);
        }
    }

    @Test
    void selfTestPassesOnBothInBoundedTime() {
        long start = System.nanoTime();
        assertThat(diff.nodeConnection().callString("PFSELFTEST")).isEqualTo("+OK\r\n");
        assertThat((System.nanoTime() - start) / 1_000_000).as("PFSELFTEST milliseconds").isLessThan(5000);
        diff.checkAll("PFSELFTEST", "PFSELFTEST now", "pfselftest");
    }
}
