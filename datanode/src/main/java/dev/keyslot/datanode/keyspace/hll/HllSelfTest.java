package dev.keyslot.datanode.keyspace.hll;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * PFSELFTEST: Redis's check of its HyperLogLog code, run against this server's. First, random values written
 * to every register of a dense string must read back unchanged (no register may spill into its neighbours);
 * then ten million distinct elements go into a dense string and a sparse HLL side by side, and at cardinalities
 * 1, 10, 100, ... the sparse HLL must still be sparse while small, both must estimate alike, and the estimate
 * must lie within six standard errors of the truth. The failures are reported in Redis's words.
 */
public final class HllSelfTest {
    private static final int REGISTER_CYCLES = 1000;
    private static final int ELEMENTS = 10_000_000;
    private static final double STANDARD_ERROR = 1.04 / Math.sqrt(HllFormat.REGISTERS);

    /** How the registers of a dense string are read and written: the code under test. */
    interface DenseCodec {
        int get(byte[] s, int index);

        void set(byte[] s, int index, int value);
    }

    private static final DenseCodec PACKED = new DenseCodec() {
        @Override
        public int get(byte[] s, int index) {
            return DenseRegisters.get(s, index);
        }

        @Override
        public void set(byte[] s, int index, int value) {
            DenseRegisters.set(s, index, value);
        }
    };

    private final DenseCodec registers;
    private final ToLongFunction<int[]> estimator;
    private final RandomGenerator random = ThreadLocalRandom.current();

    HllSelfTest(DenseCodec registers, ToLongFunction<int[]> estimator) {
        this.registers = registers;
        this.estimator = estimator;
    }

    /** Runs the self-test on this server's register layout and estimator: null when it passes, else the error. */
    public static String run(long sparseMaxBytes) {
        return new HllSelfTest(PACKED, HllEstimator::estimate).failure(sparseMaxBytes);
    }

    String failure(long sparseMaxBytes) {
        byte[] dense = new byte[HllFormat.DENSE_SIZE];
        String failure = registerFailure(dense);
        if (failure != null) {
            return failure;
        }
        return estimateFailure(new byte[HllFormat.DENSE_SIZE], sparseMaxBytes);
    }

    private String registerFailure(byte[] dense) {
        byte[] expected = new byte[HllFormat.REGISTERS];
        for (int cycle = 0; cycle < REGISTER_CYCLES; cycle++) {
            for (int i = 0; i < HllFormat.REGISTERS; i++) {
                int value = random.nextInt(HllFormat.REGISTER_MAX + 1);
                expected[i] = (byte) value;
                registers.set(dense, i, value);
            }
            for (int i = 0; i < HllFormat.REGISTERS; i++) {
                int value = registers.get(dense, i);
                if (value != expected[i]) {
                    return "TESTFAILED Register " + i + " should be " + expected[i] + " but is " + value;
                }
            }
        }
        return null;
    }

    private String estimateFailure(byte[] dense, long sparseMaxBytes) {
        Hll hll = Hll.empty();
        long seed = random.nextLong();
        byte[] element = new byte[Long.BYTES];
        long checkpoint = 1;
        for (long j = 1; j <= ELEMENTS; j++) {
            long value = j ^ seed;
            for (int b = 0; b < Long.BYTES; b++) {
                element[b] = (byte) (value >>> (8 * b));
            }
            long pattern = HllFormat.patternOf(element);
            int index = (int) pattern;
            int count = (int) (pattern >>> 32);
            if (registers.get(dense, index) < count) {
                registers.set(dense, index, count);
            }
            hll.add(element, sparseMaxBytes);
            if (j != checkpoint) {
                continue;
            }
            if (j < sparseMaxBytes / 2 && hll.isDense()) {
                return "TESTFAILED sparse encoding not used";
            }
            long denseEstimate = denseEstimate(dense);
            int[] histo = new int[64];
            if (!hll.histogram(histo) || estimator.applyAsLong(histo) != denseEstimate) {
                return "TESTFAILED dense/sparse disagree";
            }
            long error = Math.abs(checkpoint - denseEstimate);
            long maxError = (long) Math.ceil(STANDARD_ERROR * 6 * checkpoint);
            if (error > maxError) {
                return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + error;
            }
            checkpoint *= 10;
        }
        return null;
    }

    private long denseEstimate(byte[] dense) {
        int[] histo = new int[64];
        for (int i = 0; i < HllFormat.REGISTERS; i++) {
            histo[registers.get(dense, i)]++;
        }
        return estimator.applyAsLong(histo);
    }
}
