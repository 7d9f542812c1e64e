package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.WriteEffects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dirty counter increments (as redis-server counts them) and modified-key signals of set commands. */
class SetWriteEffectsTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();
    private static WriteEffects effects;

    @BeforeAll
    static void start() {
        effects = new WriteEffects(diff);
    }

    @Test
    void singleKeyWrites() {
        effects.check("SADD s 1 2 3", "s");
        effects.check("SADD s 1 2");
        effects.check("SADD s 1 4", "s");
        effects.check("SREM s 9");
        effects.check("SREM s 1 9", "s");
        effects.check("SREM missing 1");
        effects.check("SREM s 2 3 4", "s");
        effects.check("SADD one x", "one");
        effects.check("SPOP one", "one");
        effects.check("SPOP missing");
        effects.check("SPOP missing 3");
        effects.check("SADD p 1 2 3 4 5 6 7 8 9 10", "p");
        effects.check("SPOP p 0");
        effects.check("SPOP p 20", "p");
    }

    @Test
    void spopWithCountCountsPoppedMembers() {
        effects.check("SADD p 1 2 3 4 5 6 7 8 9 10", "p");
        diff.redisConnection().call("SPOP", "p", "2");
        diff.nodeConnection().call("SPOP", "p", "2");
        effects.check("SCARD p");
        diff.redisConnection().call("SPOP", "p", "7");
        diff.nodeConnection().call("SPOP", "p", "7");
        effects.check("SCARD p");
    }

    @Test
    void smove() {
        effects.check("SADD a 1 2", "a");
        effects.check("SADD b 2", "b");
        effects.check("SMOVE a b 9");
        effects.check("SMOVE a a 1");
        effects.check("SMOVE a b 2", "a");
        effects.check("SMOVE a c 1", "a", "c");
        effects.check("SMOVE missing c 1");
    }

    @Test
    void storeCommands() {
        effects.check("SADD a 1 2 3", "a");
        effects.check("SADD b 2 3 4", "b");
        effects.check("SINTERSTORE d a b", "d");
        effects.check("SUNIONSTORE d a b", "d");
        effects.check("SDIFFSTORE d a b", "d");
        effects.check("SDIFFSTORE d a a", "d");
        effects.check("SDIFFSTORE d a a");
        effects.check("SINTERSTORE d a missing");
        effects.check("SUNIONSTORE d missing");
    }

    @Test
    void readsNeitherCountNorSignal() {
        // One member, so that the random reads have deterministic replies.
        effects.check("SADD a x", "a");
        for (String read : new String[] {"SMEMBERS a", "SISMEMBER a 1", "SMISMEMBER a 1 2", "SCARD a",
                "SRANDMEMBER a", "SRANDMEMBER a -3", "SINTER a a", "SINTERCARD 1 a", "SUNION a", "SDIFF a",
                "SSCAN a 0"}) {
            effects.check(read);
        }
    }
}
