package dev.keyslot.datanode.keyspace.hll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-test behind PFSELFTEST passes on this server's HyperLogLog code and catches broken versions of it. */
class HllSelfTestTest {
    private static final long SPARSE_MAX_BYTES = 3000;

    /** The real register layout, for the tests to break one way or another. */
    private static class Packed implements HllSelfTest.DenseCodec {
        @Override
        public int get(byte[] s, int index) {
            return DenseRegisters.get(s, index);
        }

        @Override
        public void set(byte[] s, int index, int value) {
            DenseRegisters.set(s, index, value);
        }
    }

    @Test
    void passesOnTheRealCode() {
        assertThat(HllSelfTest.run(SPARSE_MAX_BYTES)).isNull();
    }

    @Test
    void catchesARegisterThatLosesItsTopBit() {
        HllSelfTest.DenseCodec fiveBits = new Packed() {
            @Override
            public void set(byte[] s, int index, int value) {
                super.set(s, index, value & 31);
            }
        };
        assertThat(new HllSelfTest(fiveBits, HllEstimator::estimate).failure(SPARSE_MAX_BYTES))
                .matches("TESTFAILED Register \\d+ should be (3[2-9]|[4-5]\\d|6[0-3]) but is \\d+");
    }

    @Test
    void catchesAWriteThatSpillsIntoTheRegisterBefore() {
        HllSelfTest.DenseCodec spilling = new Packed() {
            @Override
            public void set(byte[] s, int index, int value) {
                super.set(s, index, value);
                if (index > 0) {
                    super.set(s, index - 1, 0);
                }
            }
        };
        assertThat(new HllSelfTest(spilling, HllEstimator::estimate).failure(SPARSE_MAX_BYTES))
                .matches("TESTFAILED Register \\d+ should be [1-9]\\d* but is 0");
    }

    @Test
    void catchesAnEstimateTenPercentHigh() {
        HllSelfTest tenPercentHigh = new HllSelfTest(new Packed(),
                histo -> Math.round(HllEstimator.estimate(histo) * 1.1));
        assertThat(tenPercentHigh.failure(SPARSE_MAX_BYTES))
                .matches("TESTFAILED Too big error\\. card:10{1,2} abserr:\\d+");
    }
}
