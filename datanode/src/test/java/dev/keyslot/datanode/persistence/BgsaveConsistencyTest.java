package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BGSAVE is a point-in-time snapshot while a writer hammers the keys: the writer applies, round after round,
 * SET / HSET (in place) / RPUSH (in place) / PEXPIREAT to every key in a fixed order, so the dataset at any
 * instant is a prefix of that sequence. The saved file must be exactly such a prefix.
 */
class BgsaveConsistencyTest {
    private static final int KEYS = 20_000;
    private static final int FILLER_FIELDS = 20;
    private static final int BATCH = 2_000;
    private static final int OPS_PER_KEY = 4;
    private static final long BASE_EXPIRY = System.currentTimeMillis() + 86_400_000L;

    @Test
    void dumpEqualsTheDatasetAtTheBgsaveInstant() throws Exception {
        Path dir;
        try (EmbeddedDataNode node = EmbeddedDataNode.start();
             RawConnection writer = new RawConnection(node.host(), node.port());
             RawConnection control = new RawConnection(node.host(), node.port())) {
            dir = Path.of(node.server().config().get("dir"));
            populate(writer);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong rounds = new AtomicLong();
            Thread hammer = new Thread(() -> hammer(writer, stop, rounds), "hammer");
            hammer.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (rounds.get() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(control.callString("BGSAVE")).isEqualTo("+Background saving started\r\n");
            PersistenceCommandsDifferentialTest.awaitNoBgsave(control);
            stop.set(true);
            hammer.join(60_000);
            assertThat(PersistenceCommandsDifferentialTest.field(control, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(Long.parseLong(PersistenceCommandsDifferentialTest.field(control, "rdb_last_cow_size")))
                    .as("writes reached keys the snapshot had not written yet").isPositive();
        }
        Path copy = Files.createTempDirectory("bgsave-check");
        Files.copy(dir.resolve("dump.rdb"), copy.resolve("dump.rdb"));
        try (EmbeddedDataNode loaded = EmbeddedDataNode.start("--dir", copy.toString());
             RawConnection conn = new RawConnection(loaded.host(), loaded.port())) {
            assertPrefixOfTheWriteSequence(roundsApplied(conn));
        }
    }

    private static void populate(RawConnection conn) {
        List<String[]> batch = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            batch.add(new String[] {"SET", "s:" + i, "0"});
            batch.add(new String[] {"PEXPIREAT", "s:" + i, Long.toString(BASE_EXPIRY)});
            List<String> hset = new ArrayList<>(List.of("HSET", "h:" + i, "f", "0"));
            for (int f = 0; f < FILLER_FIELDS; f++) {
                hset.add("filler" + f);
                hset.add("some filler value " + f);
            }
            batch.add(hset.toArray(new String[0]));
            batch.add(new String[] {"RPUSH", "l:" + i, "0"});
            if (batch.size() >= BATCH) {
                pipeline(conn, batch);
            }
        }
        pipeline(conn, batch);
    }

    /** Rounds 1, 2, ...: for each key in order, SET s:i r; HSET h:i f r; RPUSH l:i r; PEXPIREAT s:i base+r. */
    private static void hammer(RawConnection conn, AtomicBoolean stop, AtomicLong rounds) {
        List<String[]> batch = new ArrayList<>();
        for (int round = 1; !stop.get() && round < 1000; round++) {
            String r = Integer.toString(round);
            for (int i = 0; i < KEYS && !stop.get(); i++) {
                batch.add(new String[] {"SET", "s:" + i, r});
                batch.add(new String[] {"HSET", "h:" + i, "f", r});
                batch.add(new String[] {"RPUSH", "l:" + i, r});
                batch.add(new String[] {"PEXPIREAT", "s:" + i, Long.toString(BASE_EXPIRY + round)});
                if (batch.size() >= BATCH) {
                    pipeline(conn, batch);
                }
            }
            pipeline(conn, batch);
            rounds.set(round);
        }
    }

    private static void pipeline(RawConnection conn, List<String[]> batch) {
        for (String[] command : batch) {
            conn.send(RawConnection.encode(command));
        }
        for (int i = 0; i < batch.size(); i++) {
            String reply = conn.readReplyString();
            assertThat(reply).doesNotStartWith("-");
        }
        batch.clear();
    }

    /** For each key and operation, in write order, the last round whose write is in the dataset. */
    private static long[] roundsApplied(RawConnection conn) {
        long[] applied = new long[KEYS * OPS_PER_KEY];
        for (int from = 0; from < KEYS; from += 500) {
            int to = Math.min(KEYS, from + 500);
            for (int i = from; i < to; i++) {
                conn.send(RawConnection.encode("GET", "s:" + i));
                conn.send(RawConnection.encode("HGET", "h:" + i, "f"));
                conn.send(RawConnection.encode("LRANGE", "l:" + i, "0", "-1"));
                conn.send(RawConnection.encode("PEXPIRETIME", "s:" + i));
            }
            for (int i = from; i < to; i++) {
                long set = Long.parseLong(RespNode.parse(conn.readReply()).text);
                long hset = Long.parseLong(RespNode.parse(conn.readReply()).text);
                List<String> list = RespNode.parse(conn.readReply()).texts();
                long expiry = Long.parseLong(RespNode.parse(conn.readReply()).text.replace(":", ""));
                for (int e = 0; e < list.size(); e++) {
                    assertThat(list.get(e)).as("list l:%d holds every round in order", i).isEqualTo(Integer.toString(e));
                }
                int at = i * OPS_PER_KEY;
                applied[at] = set;
                applied[at + 1] = hset;
                applied[at + 2] = list.size() - 1;
                // SET clears the TTL, so a key without one is between its SET and its PEXPIREAT.
                applied[at + 3] = expiry < 0 ? set - 1 : expiry - BASE_EXPIRY;
            }
        }
        return applied;
    }

    /** A prefix of round r's writes over the rest at round r - 1: non-increasing, spanning one round. */
    private static void assertPrefixOfTheWriteSequence(long[] applied) {
        long first = applied[0];
        long last = applied[applied.length - 1];
        assertThat(first - last).as("the dump spans one round").isBetween(0L, 1L);
        assertThat(last).as("the BGSAVE started after the first round").isPositive();
        for (int k = 1; k < applied.length; k++) {
            assertThat(applied[k]).as("write %d of the round sequence", k).isLessThanOrEqualTo(applied[k - 1]);
        }
    }
}
