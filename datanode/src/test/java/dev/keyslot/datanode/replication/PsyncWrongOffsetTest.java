package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PSYNC with an offset that is not a number is refused as on redis-server: the error, a warning naming the
 * replica in the log, and the connection stays an ordinary client.
 */
class PsyncWrongOffsetTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @TempDir
    Path logs;

    @Test
    void aWrongOffsetIsRefusedAndLoggedAsOnRedis() throws Exception {
        Path nodeLog = logs.resolve("node.log");
        diff.node().server().log().configure("notice", nodeLog.toString());
        assertThat(diff.check("PSYNC", "replicationid", "offset_str"))
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(diff.check("PING")).isEqualTo("+PONG\r\n");
        String warning = "asks for synchronization but with a wrong offset";
        assertThat(Files.readString(diff.redis().dir().resolve("redis.log"), StandardCharsets.UTF_8)).contains(warning);
        assertThat(Files.readString(nodeLog, StandardCharsets.UTF_8)).contains(warning);
    }
}
