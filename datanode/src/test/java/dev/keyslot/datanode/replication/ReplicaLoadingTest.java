package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoadingView;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data node replica of redis-server 7.0 loads the payload of a full resync a slice at a time, as Redis
 * 7.0 does for each repl-diskless-load mode: disabled writes the payload to disk (it becomes dump.rdb) then
 * loads it while clients get -LOADING (PING too) and INFO says loading:1; on-empty-db loads from the socket
 * into an empty dataset only; swapdb, on a full resync of the same history, keeps serving the old dataset
 * (async_loading:1) and swaps in the new one at the end.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReplicaLoadingTest {
    private static final int KEYS = 300_000;
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";
    private static final String VALUE = "$7\r\nvalue:1\r\n";

    /**
     * What clients of the replica saw until it served the master's dataset; asyncConfigSets are the replies to
     * CONFIG SET appendonly (a config Redis refuses to change while loading) during an async load.
     */
    private record Seen(Set<String> gets, Set<String> pings, String loadingInfo, String asyncInfo,
                        Set<String> asyncConfigSets) {
    }

    @Test
    void disabledWritesThePayloadToDiskThenLoadsItWhileClientsGetLoading() throws Exception {
        try (RedisServerProcess master = populatedMaster("--repl-diskless-sync", "no");
             EmbeddedDataNode replica = EmbeddedDataNode.start()) {
            Seen seen = replicate(replica, master);
            assertThat(seen.gets()).as("%s", seen).contains(LOADING, VALUE);
            assertThat(seen.pings()).contains(LOADING);
            assertThat(seen.loadingInfo()).contains("loading:1\r\n", "async_loading:0\r\n", "loading_total_bytes:");
            Path dump = Path.of(replica.server().config().get("dir")).resolve("dump.rdb");
            assertThat(dump).exists();
            assertThat(LoadingView.field(seen.loadingInfo(), "loading_total_bytes")).isEqualTo(Long.toString(Files.size(dump)));
            assertInSync(master, replica);
        }
    }

    @Test
    void onEmptyDbLoadsFromTheSocketOnlyIntoAnEmptyDataset() throws Exception {
        try (RedisServerProcess master = populatedMaster();
             EmbeddedDataNode empty = EmbeddedDataNode.start("--repl-diskless-load", "on-empty-db");
             EmbeddedDataNode holding = EmbeddedDataNode.start("--repl-diskless-load", "on-empty-db")) {
            Seen seen = replicate(empty, master);
            assertThat(seen.gets()).as("%s", seen).contains(LOADING, VALUE);
            assertThat(Path.of(empty.server().config().get("dir")).resolve("dump.rdb")).doesNotExist();
            assertInSync(master, empty);

            try (RawConnection conn = new RawConnection(holding.host(), holding.port())) {
                assertThat(conn.callString("SET", "old", "data")).isEqualTo("+OK\r\n");
            }
            seen = replicate(holding, master);
            assertThat(seen.gets()).as("%s", seen).contains(LOADING, VALUE);
            assertThat(Path.of(holding.server().config().get("dir")).resolve("dump.rdb")).exists();
            assertInSync(master, holding);
            try (RawConnection conn = new RawConnection(holding.host(), holding.port())) {
                assertThat(conn.callString("EXISTS", "old")).isEqualTo(":0\r\n");
            }
        }
    }

    @Test
    void swapdbServesTheOldDatasetWhileLoadingAFullResyncOfTheSameHistory() throws Exception {
        try (RedisServerProcess master = populatedMaster("--repl-backlog-size", "16384");
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", "swapdb");
             RawConnection onMaster = new RawConnection(master.host(), master.port())) {
            assertThat(onMaster.callString("FUNCTION", "LOAD", library("first"))).isEqualTo("$3\r\nlib\r\n");
            // A new history: nothing old worth serving, so clients get -LOADING as with the other modes.
            Seen first = replicate(replica, master);
            assertThat(first.gets()).as("%s", first).contains(LOADING, VALUE);
            assertThat(first.loadingInfo()).contains("loading:1\r\n", "async_loading:0\r\n");
            assertInSync(master, replica);
            assertThat(Path.of(replica.server().config().get("dir")).resolve("dump.rdb")).doesNotExist();

            // More than the backlog holds while the link is down: the replica must resync fully, same history.
            long fullSyncs = Long.parseLong(Datasets.info(master.host(), master.port(), "sync_full"));
            assertThat(onMaster.callString("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":1\r\n");
            assertThat(onMaster.callString("SET", "big", "x".repeat(100_000))).isEqualTo("+OK\r\n");
            assertThat(onMaster.callString("SET", "key:1", "changed")).isEqualTo("+OK\r\n");
            // The swapped-in dataset brings the master's libraries, replacing the replica's same-named one.
            assertThat(onMaster.callString("FUNCTION", "LOAD", "REPLACE", library("second"))).isEqualTo("$3\r\nlib\r\n");
            Seen second = observe(replica, "$7\r\nchanged\r\n");
            assertThat(Long.parseLong(Datasets.info(master.host(), master.port(), "sync_full")))
                    .isEqualTo(fullSyncs + 1);
            assertThat(second.asyncInfo()).as("%s", second).contains("loading:0\r\n", "async_loading:1\r\n");
            assertThat(second.asyncConfigSets()).as("%s", second).containsExactly(LOADING);
            assertThat(second.gets()).as("the old dataset is served meanwhile").doesNotContain(LOADING)
                    .contains(VALUE);
            assertInSync(master, replica);
        }
    }

    /** A library "lib" whose one function returns reply. */
    private static String library(String reply) {
        return "#!lua name=lib\nredis.register_function('lib_reply', function() return '" + reply + "' end)";
    }

    /** A redis-server master holding KEYS keys (DEBUG POPULATE: key:N holds value:N). */
    private static RedisServerProcess populatedMaster(String... args) {
        String[] base = {"--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0"};
        String[] all = Arrays.copyOf(base, base.length + args.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        RedisServerProcess master = RedisServerProcess.start(all);
        StreamedPayloadTest.populate(master.host(), master.port(), KEYS, "key");
        return master;
    }

    private static Seen replicate(EmbeddedDataNode replica, RedisServerProcess master) throws InterruptedException {
        try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
            assertThat(conn.callString("REPLICAOF", master.host(), Integer.toString(master.port())))
                    .isEqualTo("+OK\r\n");
        }
        return observe(replica, VALUE);
    }

    /** Polls the replica until GET key:1 answers expected with the link up, recording what it saw. */
    private static Seen observe(EmbeddedDataNode replica, String expected) throws InterruptedException {
        Set<String> gets = new LinkedHashSet<>();
        Set<String> pings = new LinkedHashSet<>();
        String loadingInfo = "";
        String asyncInfo = "";
        Set<String> asyncConfigSets = new LinkedHashSet<>();
        long deadline = System.currentTimeMillis() + 120_000;
        try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
            while (true) {
                String get = conn.callString("GET", "key:1");
                gets.add(get);
                String info = conn.callString("INFO", "persistence");
                if (info.contains("\r\nloading:1\r\n")) {
                    loadingInfo = info;
                    pings.add(conn.callString("PING"));
                }
                if (info.contains("async_loading:1")) {
                    asyncInfo = info;
                    String reply = conn.callString("CONFIG", "SET", "appendonly", "no");
                    // Counts only if the load was still under way after it: it may end between INFO and CONFIG SET.
                    if (conn.callString("INFO", "persistence").contains("async_loading:1")) {
                        asyncConfigSets.add(reply);
                    }
                }
                if (get.equals(expected) && conn.callString("INFO", "replication").contains("master_link_status:up")) {
                    return new Seen(gets, pings, loadingInfo, asyncInfo, asyncConfigSets);
                }
                assertThat(System.currentTimeMillis()).as("replica never served %s: %s", expected, gets)
                        .isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }

    private static void assertInSync(RedisServerProcess master, EmbeddedDataNode replica) {
        try (RawConnection onMaster = new RawConnection(master.host(), master.port())) {
            assertThat(onMaster.callString("SET", "after", "sync")).isEqualTo("+OK\r\n");
        }
        Datasets.awaitInSync(new Endpoint(master.host(), master.port()), new Endpoint(replica.host(), replica.port()));
        try (RawConnection onMaster = new RawConnection(master.host(), master.port());
             RawConnection onReplica = new RawConnection(replica.host(), replica.port())) {
            assertThat(onReplica.callString("DBSIZE")).isEqualTo(onMaster.callString("DBSIZE"));
            assertThat(onReplica.callString("FUNCTION", "LIST", "WITHCODE"))
                    .isEqualTo(onMaster.callString("FUNCTION", "LIST", "WITHCODE"));
            for (String key : new String[] {"key:0", "key:1", "key:299999", "after", "big"}) {
                assertThat(onReplica.callString("GET", key)).isEqualTo(onMaster.callString("GET", key));
            }
        }
    }
}
