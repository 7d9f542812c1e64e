package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespCommandReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica empties its dataset to load a full resync's snapshot: when that load fails, the emptied dataset
 * is at no offset of its old history, so the next PSYNC must ask for a full resync. Continuing the old history
 * instead would let a master answer +CONTINUE and leave the replica without the keys it had, while its offset
 * says it has them all. Played against a scripted master.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedFullSyncLoadTest {
    private static final String REPLID = "1111111111111111111111111111111111111111";
    private static final String NEXT_REPLID = "2222222222222222222222222222222222222222";
    /** An RDB without keys: header, EOF opcode, checksum 0 (not checked). */
    private static final byte[] EMPTY_RDB = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', (byte) 0xFF, 0, 0, 0, 0, 0,
            0, 0, 0};

    @Test
    void aReplicaWhoseSnapshotFailedToLoadAsksForAFullResyncAgain() throws Exception {
        try (ServerSocket master = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", "disabled")) {
            master.setSoTimeout(30_000);
            assertThat(call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(master.getLocalPort())))
                    .isEqualTo("+OK\r\n");
            byte[] set = RawConnection.encode("SET", "k", "v");
            try (Socket link = master.accept()) {
                assertThat(handshake(link)).containsExactly("PSYNC", "?", "-1");
                OutputStream out = link.getOutputStream();
                out.write(("+FULLRESYNC " + REPLID + " 100\r\n$" + EMPTY_RDB.length + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(EMPTY_RDB);
                out.write(set);
                out.flush();
                Datasets.await("the replica applied the stream", 30_000,
                        () -> Datasets.infoLong(replica.host(), replica.port(), "slave_repl_offset") == 100 + set.length);
            }
            try (Socket link = master.accept()) {
                assertThat(handshake(link)).containsExactly("PSYNC", REPLID, Long.toString(100 + set.length + 1));
                OutputStream out = link.getOutputStream();
                out.write(("+FULLRESYNC " + NEXT_REPLID + " 500\r\n$10\r\nNOT AN RDB").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // The replica flushes its keys, fails to load the snapshot and drops the link.
                link.getInputStream().readAllBytes();
            }
            try (Socket link = master.accept()) {
                assertThat(handshake(link)).containsExactly("PSYNC", "?", "-1");
            }
            assertThat(call(replica, "DBSIZE")).isEqualTo(":0\r\n");
        }
    }

    /** One command on a fresh connection. */
    private static String call(EmbeddedDataNode node, String... args) {
        try (RawConnection c = new RawConnection(node.host(), node.port())) {
            return c.callString(args);
        }
    }

    /** Answers the replica's PING and REPLCONFs; returns its PSYNC. */
    private static List<String> handshake(Socket link) throws IOException {
        link.setSoTimeout(30_000);
        InputStream in = new BufferedInputStream(link.getInputStream());
        OutputStream out = link.getOutputStream();
        while (true) {
            List<String> command = RespCommandReader.readCommand(in);
            if (command.get(0).equalsIgnoreCase("PSYNC")) {
                return command;
            }
            out.write((command.get(0).equalsIgnoreCase("PING") ? "+PONG\r\n" : "+OK\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
