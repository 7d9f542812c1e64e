package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys by slot and the cluster-mode refusals, on single-node clusters of each server. */
class SlotKeysDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--cluster-enabled", "yes");

    @BeforeAll
    static void start() throws InterruptedException {
        diff.check("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        // Both servers hold a new master's state at fail for a while after startup: a slow machine can still be in it.
        for (RawConnection c : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!c.callString("CLUSTER", "INFO").contains("cluster_state:ok")) {
                assertThat(System.currentTimeMillis()).as("cluster_state:ok").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void countAndListKeysInSlot() {
        diff.check("FLUSHALL");
        for (int i = 0; i < 50; i++) {
            diff.check("SET", "{user" + (i % 3) + "}:" + i, "v");
        }
        for (String tag : new String[] {"user0", "user1", "user2"}) {
            String slot = diff.check("CLUSTER", "KEYSLOT", tag).substring(1).trim();
            diff.check("CLUSTER", "COUNTKEYSINSLOT", slot);
            diff.check("CLUSTER", "GETKEYSINSLOT", slot, "5");
            diff.check("CLUSTER", "GETKEYSINSLOT", slot, "0");
        }
        diff.check("CLUSTER", "COUNTKEYSINSLOT", "16384");
        diff.check("CLUSTER", "COUNTKEYSINSLOT", "-1");
        diff.check("CLUSTER", "GETKEYSINSLOT", "1", "-1");
        diff.check("CLUSTER", "GETKEYSINSLOT", "x", "1");
        diff.check("DEL", "{user1}:1", "{user1}:4");
        String slot = diff.check("CLUSTER", "KEYSLOT", "user1").substring(1).trim();
        diff.check("CLUSTER", "COUNTKEYSINSLOT", slot);
        diff.check("FLUSHALL");
        diff.check("CLUSTER", "COUNTKEYSINSLOT", slot);
    }

    @Test
    void movableKeysAreRoutedByTheirRealKeys() {
        diff.check("ZUNIONSTORE", "{a}dst", "2", "{a}x", "{b}y");
        diff.check("ZUNIONSTORE", "{a}dst", "2", "{a}x", "{a}y");
        diff.check("ZUNION", "2", "{a}x", "{b}y");
        diff.check("ZINTERCARD", "2", "{a}x", "{b}y");
        diff.check("SINTERCARD", "2", "{a}x", "{b}y");
        diff.check("LMPOP", "2", "{a}x", "{b}y", "LEFT");
        diff.check("ZMPOP", "2", "{a}x", "{b}y", "MIN");
        diff.check("SORT", "{a}x", "STORE", "{b}y");
        diff.check("SORT", "{a}x", "BY", "nosort", "STORE", "{a}y");
        diff.check("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2");
        diff.check("COMMAND", "GETKEYS", "BLMPOP", "0", "2", "a", "b", "LEFT");
        diff.check("COMMAND", "GETKEYS", "SORT", "a", "LIMIT", "0", "1", "GET", "x", "STORE", "b");
        diff.check("COMMAND", "GETKEYS", "MIGRATE", "h", "1", "", "0", "10", "KEYS", "a", "b");
    }

    @Test
    void transactionsAreRoutedAsAWhole() {
        diff.checkAll("MULTI", "SET {a}x 1", "SET {b}y 2", "EXEC", "EXISTS {a}x");
        diff.checkAll("MULTI", "SET {a}x 1", "INCR {a}y", "GET {a}x", "EXEC");
        diff.checkAll("MULTI", "PING", "EXEC");
    }

    @Test
    void databaseCommandsRefusedInClusterMode() {
        diff.check("SET", "k", "v");
        diff.check("SELECT", "1");
        diff.check("SELECT", "0");
        diff.check("MOVE", "k", "1");
        diff.check("SWAPDB", "0", "1");
        diff.check("COPY", "k", "k2", "DB", "1");
        diff.check("COPY", "k", "k2");
    }
}
