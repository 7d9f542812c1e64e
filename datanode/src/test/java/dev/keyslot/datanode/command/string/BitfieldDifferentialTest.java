package dev.keyslot.datanode.command.string;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** BITFIELD and BITFIELD_RO: every subcommand, type, overflow mode and error. */
class BitfieldDifferentialTest extends StringDifferentialBase {

    @Test
    void getSetIncrby() {
        diff.checkAll("BITFIELD k GET u8 0", "EXISTS k", "BITFIELD k SET u8 0 255 GET u8 0", "GET k",
                "BITFIELD k SET i8 4 -3 GET i8 4 GET u4 4", "BITFIELD k INCRBY u2 100 1 GET u2 100",
                "BITFIELD k INCRBY i5 3 -7", "BITFIELD k GET u63 0 GET i64 0 GET i64 1", "BITFIELD k SET u1 #3 1",
                "BITFIELD k GET u8 #0 GET u8 #1 GET u8 #100", "BITFIELD k", "BITFIELD k OVERFLOW SAT", "STRLEN k",
                "bitfield k get u8 0 set i16 8 -1000 incrby u3 0 1", "GET k");
    }

    @Test
    void overflowModes() {
        diff.checkAll("BITFIELD k SET u8 0 250", "BITFIELD k INCRBY u8 0 10", "BITFIELD k OVERFLOW SAT INCRBY u8 0 10",
                "BITFIELD k OVERFLOW SAT INCRBY u8 0 -300", "BITFIELD k OVERFLOW FAIL INCRBY u8 0 -1",
                "BITFIELD k OVERFLOW FAIL INCRBY u8 0 1 INCRBY u8 0 300", "BITFIELD k OVERFLOW WRAP INCRBY u8 0 -1",
                "BITFIELD k SET i8 8 127 INCRBY i8 8 1", "BITFIELD k OVERFLOW SAT INCRBY i8 8 -200",
                "BITFIELD k OVERFLOW SAT INCRBY i8 8 500", "BITFIELD k OVERFLOW FAIL INCRBY i8 8 1 GET i8 8",
                "BITFIELD k OVERFLOW SAT SET u8 16 -1 SET u8 24 300 SET i8 32 200 SET i8 40 -200",
                "BITFIELD k OVERFLOW WRAP SET u8 16 -1 SET u8 24 300 SET i8 32 200 SET i8 40 -200",
                "BITFIELD k OVERFLOW FAIL SET u8 16 -1 SET u8 24 300 SET i8 32 200 SET i8 40 -200 GET u8 16",
                "BITFIELD k OVERFLOW SAT SET i64 0 9223372036854775807 INCRBY i64 0 1",
                "BITFIELD k OVERFLOW WRAP INCRBY i64 0 1", "BITFIELD k OVERFLOW FAIL INCRBY i64 0 -1",
                "BITFIELD k OVERFLOW SAT INCRBY i64 0 -9223372036854775808",
                "BITFIELD k OVERFLOW WRAP SET u63 0 -1 INCRBY u63 0 5", "BITFIELD k OVERFLOW SAT INCRBY u63 0 -9223372036854775808",
                "BITFIELD k OVERFLOW wrap SET u1 0 3 OVERFLOW sat SET u1 1 3 OVERFLOW fail SET u1 2 3", "GET k");
    }

    @Test
    void errors() {
        diff.checkAll("BITFIELD k GET", "BITFIELD k GET u8", "BITFIELD k SET u8 0", "BITFIELD k INCRBY u8 0",
                "BITFIELD k FOO", "BITFIELD k OVERFLOW", "BITFIELD k OVERFLOW FOO GET u8 0", "BITFIELD k GET u64 0",
                "BITFIELD k GET i65 0", "BITFIELD k GET u0 0", "BITFIELD k GET x8 0", "BITFIELD k GET U8 0",
                "BITFIELD k GET u 0", "BITFIELD k GET u08 0", "BITFIELD k GET i-1 0", "BITFIELD k GET u8 -1",
                "BITFIELD k GET u8 x", "BITFIELD k GET u8 4294967296", "BITFIELD k GET u8 #-1", "BITFIELD k GET u8 #",
                "BITFIELD k GET u8 ##1", "BITFIELD k GET u8 #536870912", "BITFIELD k SET u8 0 x",
                "BITFIELD k SET u8 0 1.5", "BITFIELD k INCRBY u8 0 99999999999999999999",
                "BITFIELD k GET u8 0 SET u8 0 1 FOO", "BITFIELD", "EXISTS k");
    }

    @Test
    void readOnlyVariant() {
        diff.checkAll("BITFIELD_RO k GET u8 0", "SET k abc", "BITFIELD_RO k GET u8 0 GET i4 #3 GET u8 100",
                "BITFIELD_RO k SET u8 0 1", "BITFIELD_RO k INCRBY u8 0 1", "BITFIELD_RO k OVERFLOW SAT GET u8 0",
                "BITFIELD_RO k", "BITFIELD_RO k FOO", "BITFIELD_RO", "GET k");
    }

    @Test
    void writesKeepTtlAndMakeRaw() {
        diff.checkAll("SET k 12 EX 100", "BITFIELD k SET u8 0 65", "SET g 12", "BITFIELD g GET u8 0",
                "BITFIELD f OVERFLOW FAIL INCRBY u8 0 1000", "EXISTS f", "GET f");
        assertSameTtl("k");
        assertSameRawness("k");
        assertSameRawness("g");
        assertSameRawness("f");
    }

    @Test
    void dirtyCountsMatch() {
        long redisBefore = redisDirty();
        long nodeBefore = nodeDirty();
        diff.checkAll("BITFIELD k SET u8 0 0 SET u8 8 0", "BITFIELD k SET u8 0 0", "BITFIELD k SET u8 0 1 GET u8 0",
                "BITFIELD k OVERFLOW FAIL INCRBY u8 0 1000", "BITFIELD k INCRBY u8 0 0", "BITFIELD k GET u8 0",
                "BITFIELD n OVERFLOW FAIL SET u2 0 9");
        assertSameDirtyDelta(redisBefore, nodeBefore);
    }

    @Test
    void randomOperations() {
        Random random = new Random(11);
        String[] modes = {"WRAP", "SAT", "FAIL"};
        for (int i = 0; i < 300; i++) {
            List<String> cmd = new ArrayList<>(List.of("BITFIELD", "r"));
            int ops = 1 + random.nextInt(4);
            for (int j = 0; j < ops; j++) {
                if (random.nextInt(4) == 0) {
                    cmd.add("OVERFLOW");
                    cmd.add(modes[random.nextInt(3)]);
                }
                boolean signed = random.nextBoolean();
                int bits = 1 + random.nextInt(signed ? 64 : 63);
                String type = (signed ? "i" : "u") + bits;
                String offset = random.nextInt(5) == 0 ? "#" + random.nextInt(8) : Integer.toString(random.nextInt(200));
                switch (random.nextInt(3)) {
                    case 0 -> cmd.addAll(List.of("GET", type, offset));
                    case 1 -> cmd.addAll(List.of("SET", type, offset, Long.toString(randomValue(random))));
                    default -> cmd.addAll(List.of("INCRBY", type, offset, Long.toString(randomValue(random))));
                }
            }
            diff.check(cmd.toArray(new String[0]));
        }
        diff.check("GET", "r");
    }

    private static long randomValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(256) - 128;
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
            default -> random.nextInt(1 << 20);
        };
    }
}
