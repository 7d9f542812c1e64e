package dev.keyslot.datanode.keyspace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An entry's share of used_memory, kept as 8-byte words in an int that also holds the string flags. */
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
    void sharesBeyondTwoGibibytesSaturateButLeaveTheTotalConsistent() {
        long huge = 40L << 30;
        long added = e.account(huge);
        assertThat(added).isEqualTo((2L << 30) - 8);
        assertThat(e.account(0)).isEqualTo(-added);
    }

    @Test
    void theStringFlagsAndTheShareDoNotDisturbEachOther() {
        e.account(40L << 30);
        e.setRawString(true);
        e.setTextString(true);
        e.setPrivateInteger(true);
        assertThat(e.accountedBytes()).isEqualTo((2L << 30) - 8);
        assertThat(e.account(16)).isEqualTo(16 - ((2L << 30) - 8));
        assertThat(e.rawString()).isTrue();
        assertThat(e.textString()).isTrue();
        assertThat(e.privateInteger()).isTrue();
        e.setRawString(false);
        assertThat(e.rawString()).isFalse();
        assertThat(e.textString()).isTrue();
        assertThat(e.privateInteger()).isTrue();
        assertThat(e.accountedBytes()).isEqualTo(16);
        e.setPrivateInteger(false);
        e.setTextString(false);
        assertThat(e.privateInteger()).isFalse();
        assertThat(e.textString()).isFalse();
        assertThat(e.accountedBytes()).isEqualTo(16);
    }

    /** An array the entry owns is not shared by a copy, which gets an array of its own. */
    @Test
    void anOwnedStringKeepsTheShareAndReadsAsFreshlySet() {
        e.account(40L << 30);
        e.setRawString(true);
        e.setTextString(true);
        e.setPrivateInteger(true);
        e.rewroteOwnedString();
        assertThat(e.ownsString()).isTrue();
        assertThat(e.rawString()).isFalse();
        assertThat(e.textString()).isFalse();
        assertThat(e.privateInteger()).isFalse();
        assertThat(e.accountedBytes()).isEqualTo((2L << 30) - 8);
        KeyEntry copy = new KeyEntry(new byte[] {'c'}, new byte[] {'v'});
        copy.copyStringFlags(e);
        assertThat(copy.ownsString()).isFalse();
        e.clearStringFlags();
        assertThat(e.ownsString()).isFalse();
        assertThat(e.accountedBytes()).isEqualTo((2L << 30) - 8);
    }

    @Test
    void aCopyTakesTheFlagsButNotTheShare() {
        e.account(64);
        e.setTextString(true);
        e.setPrivateInteger(true);
        KeyEntry copy = new KeyEntry(new byte[] {'c'}, new byte[] {'v'});
        copy.account(32);
        copy.setRawString(true);
        copy.copyStringFlags(e);
        assertThat(copy.rawString()).isFalse();
        assertThat(copy.textString()).isTrue();
        assertThat(copy.privateInteger()).isTrue();
        assertThat(copy.accountedBytes()).isEqualTo(32);
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
