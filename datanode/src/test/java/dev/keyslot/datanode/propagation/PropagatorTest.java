package dev.keyslot.datanode.propagation;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What the write stream carries for the commands clients run: the contract replication and the AOF build on. */
class PropagatorTest {
    private static EmbeddedDataNode node;
    private static RawConnection conn;
    private static final RecordingTarget stream = new RecordingTarget();

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start("--enable-debug-command", "yes");
        node.server().propagator().addTarget(stream);
        conn = new RawConnection("127.0.0.1", node.port());
    }

    @AfterAll
    static void stop() {
        conn.close();
        node.close();
    }

    @BeforeEach
    void reset() {
        conn.call("SELECT", "0");
        conn.call("FLUSHALL");
        conn.call("CONFIG", "SET", "lazyfree-lazy-expire", "no");
        conn.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        stream.active = true;
        stream.fed.clear();
    }

    @Test
    void writesArePropagatedAsSentAndReadsAndFailuresAreNot() {
        conn.call("SET", "k", "v");
        conn.call("GET", "k");
        conn.call("INCR", "k");
        conn.call("DEL", "missing");
        assertThat(stream.fed).containsExactly("0 SET k v");
    }

    @Test
    void commandsCarryTheDatabaseTheyRanIn() {
        conn.call("SELECT", "3");
        conn.call("SET", "k", "v");
        assertThat(stream.fed).containsExactly("3 SET k v");
    }

    @Test
    void aTransactionWithSeveralWritesIsWrappedInMultiExec() {
        conn.call("MULTI");
        conn.call("SET", "a", "1");
        conn.call("GET", "a");
        conn.call("SELECT", "1");
        conn.call("SET", "b", "2");
        conn.call("EXEC");
        assertThat(stream.fed).containsExactly("0 MULTI", "0 SET a 1", "1 SET b 2", "1 EXEC");
    }

    @Test
    void aTransactionWithOneWriteNeedsNoWrapping() {
        conn.call("MULTI");
        conn.call("SET", "a", "1");
        conn.call("GET", "a");
        conn.call("EXEC");
        assertThat(stream.fed).containsExactly("0 SET a 1");
    }

    @Test
    void aKeyExpiredOnAccessIsPropagatedAsDelOrUnlink() throws Exception {
        conn.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        conn.call("SET", "gone", "v", "PX", "1");
        conn.call("SET", "lazy", "v", "PX", "1");
        Thread.sleep(20);
        stream.fed.clear();
        conn.call("GET", "gone");
        conn.call("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        conn.call("GET", "lazy");
        assertThat(stream.fed).containsExactly("0 DEL gone", "0 UNLINK lazy");
    }

    @Test
    void anExpiryInsideAWriteJoinsItInOneTransaction() throws Exception {
        conn.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        conn.call("SET", "gone", "v", "PX", "1");
        Thread.sleep(20);
        stream.fed.clear();
        conn.call("APPEND", "gone", "x");
        assertThat(stream.fed).containsExactly("0 MULTI", "0 DEL gone", "0 APPEND gone x", "0 EXEC");
    }

    @Test
    void activeExpiryPropagatesEachDeletionAtOnce() throws Exception {
        conn.call("SET", "a", "v", "PX", "1");
        long deadline = System.currentTimeMillis() + 5000;
        while (!stream.fed.contains("0 DEL a") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(stream.fed).hasSize(2);
        assertThat(stream.fed.get(0)).startsWith("0 SET a v PXAT ");
        assertThat(stream.fed.get(1)).isEqualTo("0 DEL a");
    }

    @Test
    void scriptsPropagateTheirWritesNotThemselves() {
        conn.call("EVAL", "redis.call('SET', KEYS[1], '1') redis.call('GET', KEYS[1]) redis.call('SET', KEYS[2], '2')",
                "2", "a", "b");
        conn.call("EVAL", "return redis.call('SET', KEYS[1], '3')", "1", "a");
        conn.call("EVAL", "return redis.call('GET', KEYS[1])", "1", "a");
        assertThat(stream.fed).containsExactly("0 MULTI", "0 SET a 1", "0 SET b 2", "0 EXEC", "0 SET a 3");
    }

    @Test
    void streamsPropagateGeneratedIdsAndExactTrims() {
        String id = conn.callString("XADD", "s", "*", "f", "v").split("\r\n")[1];
        conn.call("CONFIG", "SET", "stream-node-max-entries", "2");
        for (int i = 1; i <= 6; i++) {
            conn.call("XADD", "t", i + "-1", "f", "v");
        }
        conn.call("XADD", "t", "MAXLEN", "~", "1", "7-*", "f", "v");
        conn.call("XTRIM", "t", "MINID", "~", "7");
        conn.call("CONFIG", "SET", "stream-node-max-entries", "100");
        assertThat(stream.fed).contains("0 XADD s " + id + " f v", "0 XADD t MAXLEN = 1 7-0 f v")
                .doesNotContain("0 XTRIM t MINID ~ 7");
        assertThat(stream.fed.stream().filter(line -> line.contains("~"))).isEmpty();
    }

    @Test
    void nothingIsRecordedWhileNoTargetIsActive() {
        stream.active = false;
        conn.call("SET", "k", "v");
        stream.active = true;
        conn.call("SET", "k", "w");
        assertThat(stream.fed).containsExactly("0 SET k w");
    }

    /** Records the stream as "db ARG ARG ..." lines. */
    private static final class RecordingTarget implements PropagationTarget {
        volatile boolean active = true;
        final List<String> fed = new CopyOnWriteArrayList<>();

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void feed(int db, byte[][] argv) {
            List<String> words = new ArrayList<>();
            words.add(Integer.toString(db));
            for (byte[] arg : argv) {
                words.add(new String(arg, StandardCharsets.ISO_8859_1));
            }
            fed.add(String.join(" ", words));
        }
    }
}
