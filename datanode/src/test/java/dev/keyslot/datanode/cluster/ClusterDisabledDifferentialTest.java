package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster commands on servers started without cluster mode: every one, even HELP, is refused. */
class ClusterDisabledDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

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
