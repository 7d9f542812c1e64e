package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INFO persistence's aof_enabled, aof_rewrite_in_progress and aof_rewrite_scheduled on a replica with appendonly yes
 * during and right after a full sync, side by side with a redis-server replica syncing from an identical master.
 * The AOF runs while the payload goes to disk, is off while a payload loads, and is back on with a rewrite once
 * loaded. Each replica is sampled as fast as it answers, the payload slowed down at the master; a phase is compared
 * where both replicas were seen in it. redis-server does not answer while it loads a payload, so there the data
 * node is held to what Redis's source does (stopAppendOnly before the load). Whether the rewrite after the sync is
 * still running at the first sample depends on timing: there only aof_enabled and aof_rewrite_scheduled are
 * compared, then the settled state in full.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReplicaAofInfoTest {
    private static final List<String> FIELDS = List.of("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled");
    private static final List<String> SETTLED_FIELDS = List.of("aof_enabled", "aof_rewrite_in_progress",
            "aof_rewrite_scheduled", "aof_last_bgrewrite_status", "aof_rewrites", "aof_rewrites_consecutive_failures",
            "aof_last_write_status");

    /** What a replica reported in one phase of the sync. */
    private record Samples(Map<String, Set<List<String>>> byPhase, List<String> firstAfter, List<String> settled) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"disabled", "on-empty-db", "swapdb"})
    void aofFieldsDuringAndAfterAFullSyncMatchRedis(String disklessLoad) throws Exception {
        String[] replicaArgs = {"--appendonly", "yes", "--repl-diskless-load", disklessLoad};
        try (RedisServerProcess forRedis = slowMaster();
             RedisServerProcess forNode = slowMaster();
             RedisServerProcess redisReplica = RedisServerProcess.start(replicaArgs);
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start(with(replicaArgs, "--dir",
                     Files.createTempDirectory("replica-aof-info").toString()))) {
            CompletableFuture<Samples> redis = CompletableFuture.supplyAsync(() ->
                    sync(new Endpoint(redisReplica.host(), redisReplica.port()), forRedis));
            CompletableFuture<Samples> node = CompletableFuture.supplyAsync(() ->
                    sync(new Endpoint(nodeReplica.host(), nodeReplica.port()), forNode));
            Samples expected = redis.get(180, TimeUnit.SECONDS);
            Samples actual = node.get(180, TimeUnit.SECONDS);

            // A payload read from the socket loads throughout the slowed-down transfer; one on disk may load too fast to see.
            if (!disklessLoad.equals("disabled") || actual.byPhase().containsKey("loading")) {
                assertThat(actual.byPhase().get("loading")).as("AOF off while the payload loads (stopAppendOnly)")
                        .containsExactly(List.of("0", "0", "0"));
            }
            actual.byPhase().forEach((phase, seen) -> {
                if (expected.byPhase().containsKey(phase)) {
                    assertThat(seen).as(phase).isEqualTo(expected.byPhase().get(phase));
                }
            });
            assertThat(List.of(actual.firstAfter().get(0), actual.firstAfter().get(2)))
                    .as("right after the sync: aof_enabled, aof_rewrite_scheduled")
                    .isEqualTo(List.of(expected.firstAfter().get(0), expected.firstAfter().get(2)));
            assertThat(actual.settled()).as(String.join(", ", SETTLED_FIELDS)).isEqualTo(expected.settled());
        }
    }

    /** Follows the master and samples INFO until the sync is over and the AOF rewritten after it. */
    private static Samples sync(Endpoint replica, RedisServerProcess master) {
        try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
            conn.setReadTimeout(60_000);
            assertThat(conn.callString("REPLICAOF", master.host(), Integer.toString(master.port()))).isEqualTo("+OK\r\n");
            Map<String, Set<List<String>>> byPhase = new LinkedHashMap<>();
            List<String> firstAfter = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (System.nanoTime() < deadline) {
                Map<String, String> info = info(conn);
                String phase = phase(info);
                if (phase.equals("synced")) {
                    if (firstAfter == null) {
                        firstAfter = values(info, FIELDS);
                    }
                    if (info.get("aof_enabled").equals("1") && info.get("aof_rewrite_in_progress").equals("0")
                            && info.get("aof_rewrite_scheduled").equals("0")) {
                        return new Samples(byPhase, firstAfter, values(info, SETTLED_FIELDS));
                    }
                } else if (!phase.equals("handshake")) {
                    byPhase.computeIfAbsent(phase, p -> new LinkedHashSet<>()).add(values(info, FIELDS));
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
            throw new AssertionError("the replica never finished its sync: " + byPhase);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String phase(Map<String, String> info) {
        if ("up".equals(info.get("master_link_status"))) {
            return "synced";
        }
        if (info.get("loading").equals("1") || info.get("async_loading").equals("1")) {
            return "loading";
        }
        return "1".equals(info.get("master_sync_in_progress")) ? "receiving" : "handshake";
    }

    private static Map<String, String> info(RawConnection conn) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : RespNode.parse(conn.call("INFO", "everything")).text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    private static List<String> values(Map<String, String> info, List<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(info.get(n)));
        return out;
    }

    /** A master whose 4 MB snapshot takes a few seconds to stream (diskless, rdb-key-save-delay). */
    private static RedisServerProcess slowMaster() {
        RedisServerProcess master = RedisServerProcess.start("--enable-debug-command", "yes", "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0");
        StreamedPayloadTest.populate(master.host(), master.port(), 20_000, "key", "200");
        try (RawConnection conn = new RawConnection(master.host(), master.port())) {
            assertThat(conn.callString("CONFIG", "SET", "rdb-key-save-delay", "100")).isEqualTo("+OK\r\n");
        }
        return master;
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
