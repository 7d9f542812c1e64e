package dev.keyslot.datanode.keyspace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An entry's share of used_memory, kept as an int of 8-byte words. */
class KeyEntryAccountingTest {
    private final KeyEntry e = new KeyEntry(new byte[] {'k'}, new byte[] {'v'});

    @Test
    void eachMeasurementReportsTheChangeFromThePreviousOne() {
        assertThat(e.account(120)).isEqualTo(120);
        assertThat(e.account(200)).isEqualTo(80);
        assertThat(e.accountedBytes()).isEqualTo(200);
        assertThat(e.account(0)).isEqualTo(-200);
    }

    @Test
    void sharesBeyondSixteenGibibytesSaturateButLeaveTheTotalConsistent() {
        long huge = 40L << 30;
        long added = e.account(huge);
        assertThat(added).isEqualTo((long) Integer.MAX_VALUE << 3);
        assertThat(e.account(0)).isEqualTo(-added);
    }

    @Test
    void entrySizesAreRoundedUpToWholeWords() {
        KeyEntry odd = new KeyEntry(new byte[] {'k'}, new SizedValue(13));
        assertThat(EntrySize.of(odd)).isEqualTo(EntrySize.KEY_ENTRY + EntrySize.bytes(1) + 16);
    }

    private record SizedValue(long memoryUsage) implements RedisValue {
        @Override
        public ValueType type() {
            return ValueType.HASH;
        }

        @Override
        public String encoding() {
            return "hashtable";
        }

        @Override
        public RedisValue copy() {
            return this;
        }
    }
}
