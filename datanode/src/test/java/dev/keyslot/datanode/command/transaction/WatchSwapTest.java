package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

/**
 * WATCH across a database swap. This branch has no SWAPDB command yet, so redis-server gets SWAPDB and the
 * data node the keyspace operation SWAPDB will use (Database.swapWith); the watcher's EXEC must agree.
 */
class WatchSwapTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static void swap(ConnectionPair other) throws Exception {
        other.redis().call("SWAPDB", "0", "1");
        Server server = diff.node().server();
        server.eventLoop().submit(() -> server.keyspace().db(0).swapWith(server.keyspace().db(1)))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void keyBroughtInBySwapAbortsExec() throws Exception {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            other.check("SELECT", "1");
            other.check("SET", "k", "from-db1");
            diff.checkAll("WATCH k");
            swap(other);
            diff.checkAll("MULTI", "GET k", "EXEC");
        }
    }

    @Test
    void keyAbsentOnBothSidesIsNoChange() throws Exception {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            other.check("SELECT", "1");
            other.check("SET", "unrelated", "x");
            diff.checkAll("WATCH k");
            swap(other);
            diff.checkAll("MULTI", "GET unrelated", "EXEC");
        }
    }
}
