package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster commands on servers started without cluster mode: every one, even HELP, is refused. */
class ClusterDisabledDifferentialTest {
    private static Differential diff;

    @BeforeAll
    static void start() {
        diff = new Differential();
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @Test
    void everySubcommandIsRefused() {
        diff.checkAll("CLUSTER HELP", "CLUSTER KEYSLOT user1", "CLUSTER INFO", "CLUSTER NODES", "CLUSTER SLOTS",
                "CLUSTER SHARDS", "CLUSTER MYID", "CLUSTER COUNTKEYSINSLOT 1", "CLUSTER GETKEYSINSLOT 1 1",
                "READONLY", "READWRITE", "ASKING");
    }

    @Test
    void unknownSubcommandsAndArityAreCheckedFirst() {
        diff.checkAll("CLUSTER NOSUCH", "CLUSTER KEYSLOT", "CLUSTER HELP extra", "CLUSTER");
    }
}
