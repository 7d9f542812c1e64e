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
 * The data node's MIGRATE serves other clients while the target restores the keys. Writes naming a key in flight
 * wait until the MIGRATE is done and then run, as behind Redis's MIGRATE, which holds up the whole server: they
 * find the key gone (in a cluster, they are redirected to the target). Reads and writes of other keys are served
 * meanwhile. A key written anyway (by a script that did not declare it) keeps its new value here whether the write
 * replaced the value or changed it in place. Played against a scripted target that holds its replies back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrateInFlightWriteTest {
    private static final int KEYS = 5;

    @Test
    void writesToKeysInFlightWaitForTheMigrationAndOthersAreServed() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             EmbeddedDataNode node = EmbeddedDataNode.start();
             RawConnection migrating = new RawConnection(node.host(), node.port());
             RawConnection writer = new RawConnection(node.host(), node.port());
             RawConnection other = new RawConnection(node.host(), node.port())) {
            startMigratingFiveKeys(writer, migrating, target);
            try (Socket link = target.accept()) {
                List<String> commands = readRestores(link);
                writer.send(RawConnection.encode("RPUSH", "list", "c"));
                writer.send(RawConnection.encode("MULTI"));
                writer.send(RawConnection.encode("HSET", "hash", "g", "w"));
                writer.send(RawConnection.encode("EXEC"));
                writer.send(RawConnection.encode("GET", "unrelated"));
                assertThat(writer.quietFor(500)).as("writes to keys in flight wait").isTrue();
                assertThat(other.callString("GET", "untouched")).as("a read of a key in flight").isEqualTo("$1\r\nv\r\n");
                assertThat(other.callString("SET", "unrelated", "x")).as("a write of another key").isEqualTo("+OK\r\n");
                replyOk(link, commands.size());
                assertThat(new String(migrating.readReply(), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            }
            assertThat(writer.readReplyString()).as("the push ran after the list left").isEqualTo(":1\r\n");
            assertThat(writer.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(writer.readReplyString()).isEqualTo("+QUEUED\r\n");
            assertThat(writer.readReplyString()).isEqualTo("*1\r\n:1\r\n");
            assertThat(writer.readReplyString()).as("requests behind a held one keep their order").isEqualTo("$1\r\nx\r\n");
            assertThat(writer.callString("LRANGE", "list", "0", "-1")).isEqualTo("*1\r\n$1\r\nc\r\n");
            assertThat(writer.callString("HGETALL", "hash")).isEqualTo("*2\r\n$1\r\ng\r\n$1\r\nw\r\n");
            assertThat(writer.callString("EXISTS", "same", "longer", "untouched")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void keysAScriptWroteWithoutDeclaringThemWhileInFlightStayHere() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             EmbeddedDataNode node = EmbeddedDataNode.start();
             RawConnection migrating = new RawConnection(node.host(), node.port());
             RawConnection writer = new RawConnection(node.host(), node.port())) {
            startMigratingFiveKeys(writer, migrating, target);
            try (Socket link = target.accept()) {
                List<String> commands = readRestores(link);
                assertThat(writer.callString("EVAL", "redis.call('rpush', 'list', 'c'); redis.call('hset', 'hash', 'g', 'w');"
                        + " redis.call('set', 'same', 'ccc'); return redis.call('set', 'longer', 'aaaa')", "0"))
                        .isEqualTo("+OK\r\n");
                replyOk(link, commands.size());
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

    /** Writes the five keys with writer, then has migrating send them all to target in one MIGRATE. */
    private static void startMigratingFiveKeys(RawConnection writer, RawConnection migrating, ServerSocket target)
            throws Exception {
        target.setSoTimeout(30_000);
        writer.call("RPUSH", "list", "a", "b");
        writer.call("HSET", "hash", "f", "v");
        writer.call("SET", "same", "aaa");
        writer.call("SET", "longer", "aaa");
        writer.call("SET", "untouched", "v");
        migrating.send(RawConnection.encode("MIGRATE", "127.0.0.1", Integer.toString(target.getLocalPort()), "",
                "0", "20000", "KEYS", "list", "hash", "same", "longer", "untouched"));
    }

    /** The commands the migrating node sent, read until every key's RESTORE arrived. */
    private static List<String> readRestores(Socket link) throws Exception {
        link.setSoTimeout(30_000);
        InputStream in = new BufferedInputStream(link.getInputStream());
        List<String> commands = new ArrayList<>();
        while (commands.stream().filter(name -> name.equals("RESTORE")).count() < KEYS) {
            commands.add(RespCommandReader.readCommand(in).get(0).toUpperCase());
        }
        return commands;
    }

    private static void replyOk(Socket link, int count) throws Exception {
        OutputStream out = link.getOutputStream();
        out.write("+OK\r\n".repeat(count).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
