package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoadingView;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A diskless load (repl-diskless-load on-empty-db or swapdb) parses the payload while it arrives, as Redis 7.0
 * does: the replica reports loading:1 (or async_loading:1) with growing loading_loaded_bytes while its master
 * is still sending the snapshot, clients get -LOADING from the start of the transfer (or the old dataset with
 * swapdb), and a transfer cut midway leaves the replica empty (or with its old dataset) before it retries.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StreamedPayloadTest {
    private static final int KEYS = 100_000;
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";
    private static final String VALUE = "$7\r\nvalue:1\r\n";

    /** What a replica showed while its master was still sending the payload, and until it served key:1. */
    private record Seen(List<String> infosDuringTransfer, Set<String> getsDuringTransfer, Set<String> dbsizes) {
        long firstLoaded() {
            return LoadingView.number(infosDuringTransfer.get(0), "loading_loaded_bytes");
        }

        long lastLoaded() {
            return LoadingView.number(infosDuringTransfer.get(infosDuringTransfer.size() - 1), "loading_loaded_bytes");
        }
    }

    @Test
    void aRedisMastersPayloadIsLoadedWhileItArrivesAsARedisReplicaDoes() throws Exception {
        try (RedisServerProcess master = slowRedisMaster();
             RedisServerProcess redisReplica = RedisServerProcess.start("--repl-diskless-load", "on-empty-db",
                     "--loading-process-events-interval-bytes", "1024");
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", "on-empty-db")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            Seen redis = replicate(new Endpoint(redisReplica.host(), redisReplica.port()), m, VALUE, null);
            Seen node = replicate(new Endpoint(replica.host(), replica.port()), m, VALUE, null);

            for (Seen seen : List.of(redis, node)) {
                assertThat(seen.infosDuringTransfer()).as("loading while the master sends").hasSizeGreaterThan(1);
                assertThat(seen.lastLoaded()).as("progress during the transfer").isGreaterThan(seen.firstLoaded());
                assertThat(seen.getsDuringTransfer()).containsExactly(LOADING);
                assertThat(seen.infosDuringTransfer().get(0)).contains("loading:1\r\n", "async_loading:0\r\n");
            }
            String redisInfo = redis.infosDuringTransfer().get(0);
            String nodeInfo = node.infosDuringTransfer().get(0);
            assertThat(new LoadingView("", "", "", "", nodeInfo).loadingFields())
                    .isEqualTo(new LoadingView("", "", "", "", redisInfo).loadingFields());
            assertThat(LoadingView.field(nodeInfo, "loading_total_bytes")).as("a streamed payload's size is unknown")
                    .isEqualTo(LoadingView.field(redisInfo, "loading_total_bytes")).isEqualTo("0");
            // The image's used-mem is known once its aux fields are parsed; the data node may answer an INFO just
            // before that, where Redis first answers after loading-process-events-interval-bytes.
            List<String> nodeInfos = node.infosDuringTransfer();
            assertThat(LoadingView.field(nodeInfos.get(nodeInfos.size() - 1), "loading_rdb_used_mem")).isNotEqualTo("0");
            assertInSync(m, new Endpoint(replica.host(), replica.port()));
        }
    }

    @Test
    void aDataNodeMastersPayloadIsLoadedWhileItArrives() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start("--enable-debug-command", "yes", "--rdbcompression", "no",
                "--repl-diskless-sync-delay", "0");
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", "on-empty-db")) {
            // Payload (~100 MB) far beyond what the socket buffers and the replica's pipe hold; added in
            // steps of distinct prefixes so that no step rescans the keys of the previous ones.
            for (int i = 0; i < 20; i++) {
                populate(master.host(), master.port(), 20_000, i == 0 ? "key" : "bulk" + i, "250");
            }
            Endpoint m = new Endpoint(master.host(), master.port());
            Seen seen = replicate(new Endpoint(replica.host(), replica.port()), m,
                    "$250\r\nvalue:1" + "\0".repeat(243) + "\r\n", null);
            assertThat(seen.infosDuringTransfer()).as("loading while the master sends").hasSizeGreaterThan(1);
            assertThat(seen.lastLoaded()).isGreaterThan(seen.firstLoaded());
            assertThat(seen.getsDuringTransfer()).containsExactly(LOADING);
            assertInSync(m, new Endpoint(replica.host(), replica.port()));
        }
    }

    @Test
    void aTransferCutMidwayLeavesAnEmptyDatasetThenTheSyncIsRetried() throws Exception {
        try (RedisServerProcess master = slowRedisMaster();
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", "on-empty-db")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            long fullSyncs = Datasets.infoLong(master.host(), master.port(), "sync_full");
            Seen seen = replicate(new Endpoint(replica.host(), replica.port()), m, VALUE, m);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isEqualTo(fullSyncs + 2);
            assertThat(seen.dbsizes()).as("after the cut, before the retry").contains(":0\r\n");
            assertInSync(m, new Endpoint(replica.host(), replica.port()));
        }
    }

    @Test
    void aSwapdbTransferCutMidwayKeepsTheOldDatasetThenTheSyncIsRetried() throws Exception {
        try (RedisServerProcess master = slowRedisMaster("--repl-backlog-size", "16384");
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", "swapdb");
             RawConnection onMaster = new RawConnection(master.host(), master.port())) {
            Endpoint m = new Endpoint(master.host(), master.port());
            Endpoint r = new Endpoint(replica.host(), replica.port());
            replicate(r, m, VALUE, null);
            assertInSync(m, r);

            // More than the backlog holds while the link is down: a full resync of the same history.
            long fullSyncs = Datasets.infoLong(master.host(), master.port(), "sync_full");
            assertThat(onMaster.callString("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":1\r\n");
            assertThat(onMaster.callString("SET", "big", "x".repeat(100_000))).isEqualTo("+OK\r\n");
            assertThat(onMaster.callString("SET", "key:1", "changed")).isEqualTo("+OK\r\n");
            Seen seen = observe(r, m, "$7\r\nchanged\r\n", m);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isEqualTo(fullSyncs + 2);
            assertThat(seen.infosDuringTransfer().get(0)).contains("loading:0\r\n", "async_loading:1\r\n");
            assertThat(seen.getsDuringTransfer()).as("the old dataset is served throughout").containsExactly(VALUE);
            // Until the retried sync swaps in the new dataset (big added), the old one is served.
            assertThat(seen.dbsizes()).as("the old dataset is kept after the cut").contains(":" + (KEYS + 1) + "\r\n")
                    .isSubsetOf(":" + (KEYS + 1) + "\r\n", ":" + (KEYS + 2) + "\r\n");
            assertInSync(m, r);
        }
    }

    /** A redis-server master holding KEYS keys whose snapshot child is slowed down (rdb-key-save-delay). */
    private static RedisServerProcess slowRedisMaster(String... extra) {
        List<String> args = new ArrayList<>(List.of("--enable-debug-command", "yes", "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0"));
        args.addAll(List.of(extra));
        RedisServerProcess master = RedisServerProcess.start(args.toArray(String[]::new));
        populate(master.host(), master.port(), KEYS, "key");
        try (RawConnection conn = new RawConnection(master.host(), master.port())) {
            assertThat(conn.callString("CONFIG", "SET", "rdb-key-save-delay", "10")).isEqualTo("+OK\r\n");
        }
        return master;
    }

    /** DEBUG POPULATE count options, in steps each well within the connection's timeout on a busy machine. */
    static void populate(String host, int port, int count, String... options) {
        try (RawConnection conn = new RawConnection(host, port)) {
            for (int n = Math.min(count, 20_000); ; n = Math.min(count, n + 20_000)) {
                List<String> args = new ArrayList<>(List.of("DEBUG", "POPULATE", Integer.toString(n)));
                args.addAll(List.of(options));
                assertThat(conn.callString(args.toArray(String[]::new))).isEqualTo("+OK\r\n");
                if (n == count) {
                    return;
                }
            }
        }
    }

    private static Seen replicate(Endpoint replica, Endpoint master, String expected, Endpoint cutOn) throws Exception {
        try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
            assertThat(conn.callString("REPLICAOF", master.host(), Integer.toString(master.port())))
                    .isEqualTo("+OK\r\n");
        }
        return observe(replica, master, expected, cutOn);
    }

    /**
     * Polls the replica until GET key:1 answers expected with the link up. An INFO persistence of the replica
     * that shows a load with bytes loaded counts as seen during the transfer when the master still sends the
     * snapshot afterwards. With cutOn, the master there kills the replica's link once during the transfer;
     * DBSIZE is then recorded until the link is up again.
     */
    private static Seen observe(Endpoint replica, Endpoint master, String expected, Endpoint cutOn) throws Exception {
        List<String> infos = new ArrayList<>();
        Set<String> gets = new LinkedHashSet<>();
        Set<String> dbsizes = new LinkedHashSet<>();
        boolean cut = false;
        long deadline = System.currentTimeMillis() + 180_000;
        try (RawConnection conn = new RawConnection(replica.host(), replica.port());
             RawConnection onMaster = new RawConnection(master.host(), master.port())) {
            while (true) {
                String info = conn.callString("INFO", "persistence");
                String get = conn.callString("GET", "key:1");
                // Still loading after the GET too: a load that ended between INFO and GET does not count.
                boolean loading = loading(info) && loading(conn.callString("INFO", "persistence"));
                if (loading && !"0".equals(LoadingView.field(info, "loading_loaded_bytes"))
                        && onMaster.callString("INFO", "replication").contains("state=wait_bgsave")) {
                    infos.add(info);
                    gets.add(get);
                    if (cutOn != null && !cut && infos.size() > 1) {
                        cut = true;
                        assertThat(onMaster.callString("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":1\r\n");
                    }
                }
                boolean up = conn.callString("INFO", "replication").contains("master_link_status:up");
                if (cut && !up) {
                    dbsizes.add(conn.callString("DBSIZE"));
                }
                if (get.equals(expected) && up && (cutOn == null || cut)) {
                    return new Seen(infos, gets, dbsizes);
                }
                assertThat(System.currentTimeMillis()).as("replica never served %s: %s", expected, gets)
                        .isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }

    private static boolean loading(String info) {
        return info.contains("\r\nloading:1\r\n") || info.contains("\r\nasync_loading:1\r\n");
    }

    private static void assertInSync(Endpoint master, Endpoint replica) {
        try (RawConnection onMaster = new RawConnection(master.host(), master.port())) {
            assertThat(onMaster.callString("SET", "after", "sync")).isEqualTo("+OK\r\n");
        }
        Datasets.awaitInSync(master, replica);
        try (RawConnection onMaster = new RawConnection(master.host(), master.port());
             RawConnection onReplica = new RawConnection(replica.host(), replica.port())) {
            assertThat(onReplica.callString("DBSIZE")).isEqualTo(onMaster.callString("DBSIZE"));
            for (String key : new String[] {"key:0", "key:1", "key:" + (KEYS - 1), "after", "big"}) {
                assertThat(onReplica.callString("GET", key)).isEqualTo(onMaster.callString("GET", key));
            }
        }
    }
}
