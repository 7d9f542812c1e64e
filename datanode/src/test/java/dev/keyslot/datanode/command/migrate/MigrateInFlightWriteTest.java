package dev.keyslot.datanode.command.migrate;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespCommandReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data node's MIGRATE lets other clients write while the target restores the keys. A key written in that
 * window keeps its new value here (the next migration round moves it again) whether the write replaced the value
 * or changed it in place: a push onto a list, a field of a hash, a string overwritten by one of the same length.
 * Only keys nobody wrote are deleted. Played against a scripted target that holds its replies back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrateInFlightWriteTest {
    private static final int KEYS = 5;

    @Test
    void keysWrittenWhileTheirCopyIsInFlightStayHere() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             EmbeddedDataNode node = EmbeddedDataNode.start();
             RawConnection migrating = new RawConnection(node.host(), node.port());
             RawConnection writer = new RawConnection(node.host(), node.port())) {
            target.setSoTimeout(30_000);
            writer.call("RPUSH", "list", "a", "b");
            writer.call("HSET", "hash", "f", "v");
            writer.call("SET", "same", "aaa");
            writer.call("SET", "same", "bbb");
            writer.call("SET", "longer", "aaa");
            writer.call("SET", "untouched", "v");
            migrating.send(RawConnection.encode("MIGRATE", "127.0.0.1", Integer.toString(target.getLocalPort()), "",
                    "0", "20000", "KEYS", "list", "hash", "same", "longer", "untouched"));
            try (Socket link = target.accept()) {
                link.setSoTimeout(30_000);
                InputStream in = new BufferedInputStream(link.getInputStream());
                List<String> commands = new ArrayList<>();
                while (commands.stream().filter(name -> name.equals("RESTORE")).count() < KEYS) {
                    commands.add(RespCommandReader.readCommand(in).get(0).toUpperCase());
                }
                assertThat(writer.callString("RPUSH", "list", "c")).isEqualTo(":3\r\n");
                assertThat(writer.callString("HSET", "hash", "g", "w")).isEqualTo(":1\r\n");
                assertThat(writer.callString("SET", "same", "ccc")).isEqualTo("+OK\r\n");
                assertThat(writer.callString("SET", "longer", "aaaa")).isEqualTo("+OK\r\n");
                OutputStream out = link.getOutputStream();
                out.write("+OK\r\n".repeat(commands.size()).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(migrating.readReply(), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            }
            assertThat(writer.callString("LRANGE", "list", "0", "-1"))
                    .isEqualTo("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
            assertThat(writer.callString("HLEN", "hash")).isEqualTo(":2\r\n");
            assertThat(writer.callString("GET", "same")).isEqualTo("$3\r\nccc\r\n");
            assertThat(writer.callString("GET", "longer")).isEqualTo("$4\r\naaaa\r\n");
            assertThat(writer.callString("EXISTS", "untouched")).as("a key nobody wrote moved").isEqualTo(":0\r\n");
        }
    }
}
