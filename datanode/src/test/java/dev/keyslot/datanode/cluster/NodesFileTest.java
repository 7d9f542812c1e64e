package dev.keyslot.datanode.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NodesFileTest {
    private static final String ME = "a".repeat(40);
    private static final String OTHER = "b".repeat(40);

    @Test
    void slotRangesAndOpenSlotsSurviveASaveAndLoad(@TempDir Path dir) throws Exception {
        ClusterState state = new ClusterState();
        ClusterNode me = new ClusterNode(ME, NodeFlags.MYSELF | NodeFlags.MASTER, 1);
        me.ip = "127.0.143.1";
        me.port = 6379;
        me.cport = 16379;
        state.setMyself(me);
        ClusterNode other = new ClusterNode(OTHER, NodeFlags.MASTER, 1);
        other.ip = "127.0.143.2";
        other.port = 6379;
        other.cport = 16379;
        state.addNode(other);
        for (int slot : new int[] {0, 1, 2, 63, 64, 100, 8191}) {
            state.addSlot(me, slot);
        }
        for (int slot = 8192; slot < KeySlot.SLOTS; slot++) {
            state.addSlot(other, slot);
        }
        state.setMigrating(64, other);
        state.setImporting(9000, other);
        state.setImporting(10, other);
        state.setImporting(10, null);

        NodesFile file = new NodesFile(dir.resolve("nodes.conf"));
        file.save(state, false);
        String text = Files.readString(dir.resolve("nodes.conf"));
        assertThat(text).contains(" connected 0-2 63-64 100 8191 [64->-" + OTHER + "] [9000-<-" + OTHER + "]\n")
                .contains(" 8192-16383\n");

        ClusterState loaded = new ClusterState();
        assertThat(file.load(loaded, 2)).isTrue();
        assertThat(loaded.myself().slotCount).isEqualTo(7);
        assertThat(loaded.assignedSlots()).isEqualTo(7 + 8192);
        assertThat(loaded.migratingTo(64).id()).isEqualTo(OTHER);
        assertThat(loaded.importingFrom(9000).id()).isEqualTo(OTHER);
        assertThat(loaded.nextOpenSlot(0)).isEqualTo(64);
        assertThat(loaded.nextOpenSlot(65)).isEqualTo(9000);
        assertThat(loaded.nextOpenSlot(9001)).isEqualTo(-1);
        assertThat(loaded.everySlotServed()).isFalse();
    }

    @Test
    void everyFieldIsWrittenAndAShorterSaveLeavesNothingOfTheLongerOne(@TempDir Path dir) throws Exception {
        ClusterState state = new ClusterState();
        ClusterNode me = new ClusterNode(ME, NodeFlags.MYSELF | NodeFlags.MASTER, 1);
        me.ip = "127.0.143.1";
        me.port = 6379;
        me.cport = 16379;
        me.hostname = "node-0.keyslot";
        me.configEpoch = -2;
        state.setMyself(me);
        ClusterNode other = new ClusterNode(OTHER, NodeFlags.SLAVE, 1);
        other.ip = "127.0.143.2";
        other.port = 6380;
        other.cport = 16380;
        other.master = me;
        other.pingSent = 1_700_000_000_123L;
        other.pongReceived = 1_700_000_000_456L;
        state.addNode(other);
        state.addSlot(me, 5);
        state.currentEpoch = Long.MIN_VALUE;
        state.lastVoteEpoch = 7;

        NodesFile file = new NodesFile(dir.resolve("nodes.conf"));
        file.save(state, false);
        String meLine = ME + " 127.0.143.1:6379@16379,node-0.keyslot myself,master - 0 0 18446744073709551614 connected 5\n";
        assertThat(Files.readString(dir.resolve("nodes.conf"))).isEqualTo(meLine
                + OTHER + " 127.0.143.2:6380@16380 slave " + ME
                + " 1700000000123 1700000000456 18446744073709551614 disconnected\n"
                + "vars currentEpoch 9223372036854775808 lastVoteEpoch 7\n");

        state.deleteNode(other);
        state.currentEpoch = 3;
        file.save(state, true);
        assertThat(Files.readString(dir.resolve("nodes.conf")))
                .isEqualTo(meLine + "vars currentEpoch 3 lastVoteEpoch 7\n");
    }

    @Test
    void everySlotServedNeedsFullCoverageByMastersThatHaveNotFailed() {
        ClusterState state = new ClusterState();
        ClusterNode me = new ClusterNode(ME, NodeFlags.MYSELF | NodeFlags.MASTER, 1);
        state.setMyself(me);
        ClusterNode other = new ClusterNode(OTHER, NodeFlags.MASTER, 1);
        state.addNode(other);
        for (int slot = 0; slot < KeySlot.SLOTS - 1; slot++) {
            state.addSlot(me, slot);
        }
        assertThat(state.everySlotServed()).isFalse();
        state.addSlot(other, KeySlot.SLOTS - 1);
        assertThat(state.everySlotServed()).isTrue();
        other.flags |= NodeFlags.FAIL;
        assertThat(state.everySlotServed()).isFalse();
        state.deleteNode(other);
        assertThat(state.assignedSlots()).isEqualTo(KeySlot.SLOTS - 1);
    }
}
