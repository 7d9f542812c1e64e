package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * unixsocket: clients connect through the socket file too (redis-benchmark -s, as Redis's own tests use it),
 * shown in CLIENT LIST with the socket path as both addresses and flag U; unixsocketperm sets the file's mode.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketDifferentialTest {
    @TempDir
    Path dir;

    /** Sends one inline command and reads until the reply is complete enough (ends with CRLF). */
    private static String call(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((command + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(8192);
            StringBuilder out = new StringBuilder();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && (out.isEmpty() || !complete(out))) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    break;
                }
                out.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            }
            return out.toString();
        }
    }

    /** A simple reply or a bulk string whose announced length arrived. */
    private static boolean complete(StringBuilder reply) {
        Matcher m = Pattern.compile("^\\$(\\d+)\r\n").matcher(reply);
        if (m.find()) {
            return reply.length() >= m.end() + Integer.parseInt(m.group(1)) + 2;
        }
        return reply.toString().endsWith("\r\n");
    }

    /** What a client on the socket sees, with the socket's path written as SOCK. */
    private static String seenThroughTheSocket(Path socket) throws IOException {
        String list = call(socket, "CLIENT LIST");
        Matcher line = Pattern.compile("addr=(\\S*) laddr=(\\S*) fd=\\d+ name= age=\\d+ idle=\\d+ flags=(\\S+)")
                .matcher(list);
        assertThat(line.find()).as(list).isTrue();
        String s = socket.toString();
        return call(socket, "PING").trim() + " " + line.group(1).replace(s, "SOCK") + " "
                + line.group(2).replace(s, "SOCK") + " " + line.group(3) + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
    }

    @Test
    void clientsConnectThroughTheUnixSocketAsOnRedis() throws Exception {
        Path redisSocket = dir.resolve("redis.sock");
        Path nodeSocket = dir.resolve("node.sock");
        String expected;
        try (RedisServerProcess redis = RedisServerProcess.start("--unixsocket", redisSocket.toString(),
                "--unixsocketperm", "700")) {
            expected = seenThroughTheSocket(redisSocket);
        }
        assertThat(expected).isEqualTo("+PONG SOCK:0 SOCK:0 U rwx------");
        // A stale file of an earlier run is replaced, as Redis unlinks it before binding.
        Files.writeString(nodeSocket, "stale");
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--unixsocket", nodeSocket.toString(),
                "--unixsocketperm", "700")) {
            assertThat(seenThroughTheSocket(nodeSocket)).isEqualTo(expected);
        }
    }
}
