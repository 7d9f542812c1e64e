package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.WriteEffects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dirty counter increments (as redis-server counts them) and modified-key signals of hash commands. */
class HashWriteEffectsTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();
    private static WriteEffects effects;

    @BeforeAll
    static void start() {
        effects = new WriteEffects(diff);
    }

    @Test
    void writesCountAndSignal() {
        effects.check("HSET h a 1 b 2", "h");
        effects.check("HSET h a 1 c 3", "h");
        effects.check("HMSET h a 2", "h");
        effects.check("HSETNX h a 1");
        effects.check("HSETNX h n 1", "h");
        effects.check("HINCRBY h a 5", "h");
        effects.check("HINCRBY h a 0", "h");
        effects.check("HINCRBYFLOAT h a 1.5", "h");
        effects.check("HINCRBY h b x");
        effects.check("HINCRBY h n 9223372036854775807");
        effects.check("HINCRBY h n 9223372036854775807");
        effects.check("HINCRBYFLOAT h b inf");
        effects.check("HDEL h zz");
        effects.check("HDEL h a b zz", "h");
        effects.check("HDEL h c n", "h");
        effects.check("HDEL h c");
        effects.check("HINCRBY fresh f 1", "fresh");
        effects.check("HINCRBYFLOAT fresh2 f 1", "fresh2");
    }

    @Test
    void readsNeitherCountNorSignal() {
        effects.check("HSET h a 1", "h");
        for (String read : new String[] {"HGET h a", "HMGET h a b", "HGETALL h", "HKEYS h", "HVALS h", "HLEN h",
                "HEXISTS h a", "HSTRLEN h a", "HSCAN h 0", "HRANDFIELD h", "HRANDFIELD h -5 WITHVALUES"}) {
            effects.check(read);
        }
    }
}
