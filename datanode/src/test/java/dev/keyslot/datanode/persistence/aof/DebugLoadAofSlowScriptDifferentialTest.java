package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DEBUG LOADAOF replaying a script that outlives lua-time-limit, against redis-server 7.0: the script is
 * reported slow, other clients are answered -LOADING while it runs (not left waiting until the load ends), and
 * the caller gets +OK once the load is over.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DebugLoadAofSlowScriptDifferentialTest {
    private static final String SLOW_SCRIPT =
            "redis.call('set',KEYS[1],'y'); for i=1,600000 do redis.call('ping') end return 'ok'";

    @TempDir
    Path dir;

    @Test
    void otherClientsGetLoadingWhileASlowScriptFromTheAofRuns() throws Exception {
        List<String> reference = observed(true);
        assertThat(reference).containsExactly("-LOADING Redis is loading the dataset in memory\r\n", "+OK\r\n",
                "$1\r\ny\r\n", "slow script logged: true");
        assertThat(observed(false)).isEqualTo(reference);
    }

    private List<String> observed(boolean reference) throws Exception {
        List<String> seen = new ArrayList<>();
        try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir, "--appendonly", "yes",
                "--lua-time-limit", "1", "--aof-use-rdb-preamble", "no");
             RawConnection loader = new RawConnection("127.0.0.1", node.port());
             RawConnection other = new RawConnection("127.0.0.1", node.port())) {
            node.awaitServing(other);
            Files.write(node.dir().resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"),
                    concat(RawConnection.encode("SELECT", "9"), RawConnection.encode("EVAL", SLOW_SCRIPT, "1", "x")));
            loader.send(RawConnection.encode("DEBUG", "LOADAOF"));
            seen.add(firstRefusal(other));
            loader.setReadTimeout(120_000);
            seen.add(loader.readReplyString());
            other.callString("SELECT", "9");
            seen.add(other.callString("GET", "x"));
            seen.add("slow script logged: " + node.log().contains("Slow script detected"));
        }
        return seen;
    }

    /** The first reply to PING that is not +PONG, polled for at most a second as Redis's own test does. */
    private static String firstRefusal(RawConnection conn) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        String reply = conn.callString("PING");
        while (reply.equals("+PONG\r\n") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
            reply = conn.callString("PING");
        }
        return reply;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
