package dev.keyslot.datanode.server;

import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * oom-score-adj on Linux: the score the kernel's OOM killer sees for the process, per role, relative or
 * absolute, and restored when turned off, compared with redis-server 7.0 doing the same steps.
 */
class OomScoreAdjDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void theProcessScoreFollowsTheConfigurationAndTheRole() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/oom_score_adj")), "Linux only");
        List<String> reference = scoresThrough(true);
        assertThat(scoresThrough(false)).isEqualTo(reference);
        assertThat(reference).containsExactly("10", "15", "20", "15", "0", "22", "31", "9", "22", "+OK",
                "-ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid "
                        + "oom-score-adj-values, elements must be between -2000 and 2000.");
    }

    /** The process's score after each step, then the replies of the last steps. */
    private List<String> scoresThrough(boolean reference) throws Exception {
        List<String> seen = new ArrayList<>();
        try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir);
             RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
            Path score = Path.of("/proc", Long.toString(node.process().pid()), "oom_score_adj");
            node.awaitServing(conn);
            Files.writeString(score, "0\n");
            conn.call("CONFIG", "SET", "oom-score-adj-values", "10 20 30");
            conn.call("CONFIG", "SET", "oom-score-adj", "yes");
            seen.add(read(score));
            conn.call("CONFIG", "SET", "oom-score-adj-values", "15 20 30");
            seen.add(read(score));
            conn.call("REPLICAOF", "127.0.0.1", "1");
            seen.add(read(score));
            conn.call("REPLICAOF", "NO", "ONE");
            seen.add(read(score));
            conn.call("CONFIG", "SET", "oom-score-adj", "no");
            seen.add(read(score));
            Files.writeString(score, "22\n");
            seen.add(read(score));
            conn.call("CONFIG", "SET", "oom-score-adj-values", "9 9 9", "oom-score-adj", "relative");
            seen.add(read(score));
            conn.call("CONFIG", "SET", "oom-score-adj", "absolute");
            seen.add(read(score));
            conn.call("CONFIG", "SET", "oom-score-adj", "no");
            seen.add(read(score));
            seen.add(conn.callString("CONFIG", "SET", "oom-score-adj", "yes").strip());
            seen.add(conn.callString("CONFIG", "SET", "oom-score-adj-values", "-2001 0 0").strip());
        }
        return seen;
    }

    private static String read(Path score) throws Exception {
        return Files.readString(score, StandardCharsets.US_ASCII).strip();
    }
}
