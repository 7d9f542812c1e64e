package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that asked to sync is a replica: as on redis-server 7.0 it may not touch the keyspace, and any
 * reply its own commands produce closes its link instead of being sent, with a warning in the log.
 */
class ReplicaKeyspaceDifferentialTest {
    private static final int CLOSE_TIMEOUT_MILLIS = 10_000;

    @RegisterExtension
    static final Differential diff = Differential.perClass("--repl-diskless-sync-delay", "0");

    @TempDir
    Path logs;

    private Path nodeLog;

    @BeforeEach
    void logNode() throws IOException {
        nodeLog = logs.resolve("node.log");
        diff.node().server().log().configure("notice", nodeLog.toString());
    }

    @Test
    void aReplicaWriteIsRefusedAndClosesTheLink() throws IOException {
        diff.check("CONFIG", "RESETSTAT");
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection replica = diff.newConnection(redis)) {
                assertThat(replica.callString("PSYNC", "?", "-1")).startsWith("+FULLRESYNC");
                replica.send(RawConnection.encode("SET", "written-by-replica", "v"));
                assertThat(replica.closedWithin(CLOSE_TIMEOUT_MILLIS)).as(server(redis) + " closes the link").isTrue();
            }
        }
        assertThat(diff.check("EXISTS", "written-by-replica")).isEqualTo(":0\r\n");
        for (String line : new String[] {"Replica generated a reply to command 'set', disconnecting it: ",
                "== CRITICAL == This master is sending an error to its replica: "
                        + "'Replica can't interact with the keyspace' after processing the command 'set'"}) {
            assertThat(redisLog()).contains(line);
            assertThat(Files.readString(nodeLog, StandardCharsets.UTF_8)).contains(line);
        }
        assertThat(infoField(true, "unexpected_error_replies")).isEqualTo("1")
                .isEqualTo(infoField(false, "unexpected_error_replies"));
    }

    @Test
    void aReplyToAReplicaClosesItsLink() throws IOException {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection replica = diff.newConnection(redis)) {
                replica.send(RawConnection.encode("SYNC"));
                replica.send(RawConnection.encode("PING"));
                assertThat(replica.closedWithin(CLOSE_TIMEOUT_MILLIS)).as(server(redis) + " closes the link").isTrue();
            }
        }
        String line = "Replica generated a reply to command 'ping', disconnecting it: ";
        assertThat(redisLog()).contains(line);
        assertThat(Files.readString(nodeLog, StandardCharsets.UTF_8)).contains(line);
    }

    private static String server(boolean redis) {
        return redis ? "redis-server" : "the data node";
    }

    private static String redisLog() throws IOException {
        return Files.readString(diff.redis().dir().resolve("redis.log"), StandardCharsets.UTF_8);
    }

    private static String infoField(boolean redis, String field) {
        try (RawConnection c = diff.newConnection(redis)) {
            for (String line : c.callString("INFO", "stats").split("\r\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1);
                }
            }
        }
        return null;
    }
}
