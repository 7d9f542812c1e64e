package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** MULTI EXEC DISCARD WATCH UNWATCH compared byte for byte with redis-server 7.0. */
class TransactionDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeAll
    static void start() throws Exception {
        // Until the server commands provide SAVE (a no_multi command), a stand-in with that flag.
        var server = diff.node().server();
        if (server.commands().get("save") == null) {
            server.eventLoop().submit(() -> server.commands().add("save", 1, "admin noscript no_multi", "",
                    (c, argv) -> c.reply().ok())).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noMultiCommandsAreRefusedWhileQueueing() {
        diff.checkAll("MULTI", "SAVE", "SET k v", "EXEC", "EXISTS k");
    }

    @Test
    void queuedCommandsRunAtExecAndReplyAsAnArray() {
        diff.checkAll("MULTI", "SET k v", "GET k", "PING", "ECHO hello", "EXEC", "GET k");
    }

    @Test
    void emptyTransaction() {
        diff.checkAll("MULTI", "EXEC");
    }

    @Test
    void runtimeErrorsAreReturnedInTheArrayAndTheRestStillRuns() {
        diff.checkAll("MULTI", "SET a 1", "SET b 2 EX 0", "SET c 3 NX XX", "SET d 4", "EXEC", "EXISTS a b c d");
    }

    @Test
    void commandsRefusedWhileQueueingAbortTheTransaction() {
        diff.checkAll("MULTI", "SET k v", "SET k", "EXEC", "EXISTS k");
        diff.checkAll("MULTI", "NOSUCHCOMMAND a b", "SET k v", "EXEC", "EXISTS k");
    }

    @Test
    void stateErrors() {
        diff.checkAll("EXEC", "DISCARD", "MULTI", "MULTI", "WATCH k", "SET k v", "EXEC", "GET k");
    }

    @Test
    void discardDropsTheQueue() {
        diff.checkAll("MULTI", "SET k v", "DISCARD", "EXEC", "EXISTS k");
    }

    @Test
    void refusedExecAbortsTheTransaction() {
        diff.checkAll("EXEC extra", "MULTI", "SET k v", "EXEC extra", "EXEC", "EXISTS k");
        diff.checkAll("MULTI", "DISCARD extra", "SET k v", "EXEC");
    }

    @Test
    void pipelinedTransaction() {
        diff.checkRaw("MULTI\r\nSET k 1\r\nGET k\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII), 4);
    }

    @Test
    void watchedKeyModifiedByAnotherClientAbortsExec() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("SET k 1", "WATCH k");
            other.check("SET", "k", "2");
            diff.checkAll("MULTI", "SET k 3", "EXEC", "GET k");
        }
    }

    @Test
    void watchedKeyCreatedOrDeletedByAnotherClientAbortsExec() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("WATCH missing");
            other.check("SET", "missing", "now");
            diff.checkAll("MULTI", "PING", "EXEC");
            diff.checkAll("SET gone 1", "WATCH gone");
            other.check("DEL", "gone");
            diff.checkAll("MULTI", "PING", "EXEC");
        }
    }

    @Test
    void untouchedWatchLetsExecRun() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("SET k 1", "WATCH k other");
            other.check("SET", "unrelated", "x");
            other.check("GET", "k");
            diff.checkAll("MULTI", "SET k 2", "EXEC", "GET k");
        }
    }

    @Test
    void ownWritesBeforeMultiAlsoCount() {
        diff.checkAll("WATCH k", "SET k mine", "MULTI", "PING", "EXEC");
    }

    @Test
    void unwatchForgetsWatchedKeys() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("WATCH k", "UNWATCH");
            other.check("SET", "k", "2");
            diff.checkAll("MULTI", "GET k", "EXEC");
        }
    }

    @Test
    void execAndDiscardUnwatch() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("WATCH k", "MULTI", "EXEC");
            other.check("SET", "k", "1");
            diff.checkAll("MULTI", "GET k", "EXEC");
            diff.checkAll("WATCH k", "MULTI", "DISCARD");
            other.check("SET", "k", "2");
            diff.checkAll("MULTI", "GET k", "EXEC");
        }
    }

    @Test
    void watchInOtherDatabaseIsSeparate() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("SELECT 3", "WATCH k");
            other.check("SET", "k", "db0");
            diff.checkAll("MULTI", "GET k", "EXEC");
            diff.checkAll("WATCH k");
            other.check("SELECT", "3");
            other.check("SET", "k", "db3");
            diff.checkAll("MULTI", "GET k", "EXEC");
        }
    }

    @Test
    void flushAbortsOnlyWhenAWatchedKeyExisted() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("SET k 1", "WATCH k");
            other.check("FLUSHALL");
            diff.checkAll("MULTI", "PING", "EXEC");
            diff.checkAll("WATCH absent");
            other.check("FLUSHALL");
            diff.checkAll("MULTI", "PING", "EXEC");
            diff.checkAll("SET k 1", "WATCH k");
            other.check("FLUSHDB");
            diff.checkAll("MULTI", "PING", "EXEC");
        }
    }

    @Test
    void watchedKeyThatExpiresBeforeExecAbortsIt() throws InterruptedException {
        diff.checkAll("SET k v PX 100", "WATCH k", "MULTI", "PING");
        Thread.sleep(250);
        diff.checkAll("EXEC");
        diff.checkAll("SET j v PX 100", "WATCH j");
        Thread.sleep(250);
        diff.checkAll("GET j", "MULTI", "PING", "EXEC");
    }

    @Test
    void keyAlreadyExpiredWhenWatchedIsNoChange() throws InterruptedException {
        diff.checkAll("SET k v PX 50");
        Thread.sleep(150);
        diff.checkAll("WATCH k", "GET k", "MULTI", "PING", "EXEC");
    }

    @Test
    void abortedExecIsNullInResp3() {
        try (ConnectionPair watcher = ConnectionPair.open(diff); ConnectionPair other = ConnectionPair.open(diff)) {
            watcher.resp3();
            watcher.check("WATCH", "k");
            other.check("SET", "k", "1");
            watcher.check("MULTI");
            watcher.check("GET", "k");
            watcher.check("EXEC");
            watcher.check("MULTI");
            watcher.check("SET", "k");
            watcher.check("EXEC");
        }
    }

    @Test
    void watchAfterTouchIsAlreadyDirty() {
        try (ConnectionPair other = ConnectionPair.open(diff)) {
            diff.checkAll("WATCH a");
            other.check("SET", "a", "1");
            diff.checkAll("WATCH b", "MULTI", "PING", "EXEC", "MULTI", "PING", "EXEC");
        }
    }
}
