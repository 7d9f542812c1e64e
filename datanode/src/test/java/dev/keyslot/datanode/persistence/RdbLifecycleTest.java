package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.persistence.rdb.Crc64;
import dev.keyslot.datanode.persistence.rdb.RdbWriter;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RDB file over a node's life: SHUTDOWN with and without saving, restarts that keep the data, save
 * points that trigger a BGSAVE, and files that must not load (corrupt, truncated, unsupported content).
 */
class RdbLifecycleTest {
    @Test
    void shutdownSaveKeepsTheDataAcrossARestart() throws Exception {
        Path dir = Files.createTempDirectory("lifecycle");
        try (EmbeddedDataNode node = start(dir, "");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            conn.call("SET", "k", "v");
            conn.call("RPUSH", "l", "a", "b");
            awaitShutdown(node, conn, "SHUTDOWN", "SAVE");
        }
        try (EmbeddedDataNode node = start(dir, "");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            assertThat(conn.callString("GET", "k")).isEqualTo("$1\r\nv\r\n");
            assertThat(conn.callString("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        }
    }

    @Test
    void shutdownSavesOnlyWithSavePointsOrWhenAsked() throws Exception {
        Path withPoints = Files.createTempDirectory("lifecycle");
        shutdown(withPoints, "3600 1", "SHUTDOWN");
        assertThat(withPoints.resolve("dump.rdb")).exists();

        Path nosave = Files.createTempDirectory("lifecycle");
        shutdown(nosave, "3600 1", "SHUTDOWN", "NOSAVE");
        assertThat(nosave.resolve("dump.rdb")).doesNotExist();

        Path withoutPoints = Files.createTempDirectory("lifecycle");
        shutdown(withoutPoints, "", "SHUTDOWN");
        assertThat(withoutPoints.resolve("dump.rdb")).doesNotExist();
    }

    private static void shutdown(Path dir, String savePoints, String... command) throws InterruptedException {
        try (EmbeddedDataNode node = start(dir, savePoints);
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            conn.call("SET", "k", "v");
            awaitShutdown(node, conn, command);
        }
    }

    /** Sends the command and waits until the server has stopped itself (closing it twice at once races). */
    private static void awaitShutdown(EmbeddedDataNode node, RawConnection conn, String... command)
            throws InterruptedException {
        CountDownLatch exited = new CountDownLatch(1);
        node.server().setExitAction(status -> exited.countDown());
        conn.send(RawConnection.encode(command));
        assertThat(conn.isClosedByPeer(10_000)).isTrue();
        assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void savePointTriggersABackgroundSave() throws Exception {
        Path dir = Files.createTempDirectory("lifecycle");
        try (EmbeddedDataNode node = start(dir, "1 2");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            conn.call("SET", "a", "1");
            Thread.sleep(1500);
            assertThat(dir.resolve("dump.rdb")).as("one change is below the save point").doesNotExist();
            conn.call("SET", "b", "2");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(dir.resolve("dump.rdb")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            PersistenceCommandsDifferentialTest.awaitNoBgsave(conn);
            assertThat(PersistenceCommandsDifferentialTest.field(conn, "rdb_changes_since_last_save")).isEqualTo("0");
            assertThat(PersistenceCommandsDifferentialTest.field(conn, "rdb_saves")).isEqualTo("1");
        }
        try (EmbeddedDataNode node = start(dir, "");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            assertThat(conn.callString("MGET", "a", "b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        }
    }

    @Test
    void corruptOrTruncatedFilesRefuseToLoad() throws IOException {
        byte[] good = savedFile();
        byte[] flipped = good.clone();
        // Inside a plain string value, so only the checksum can tell.
        flipped[new String(good, StandardCharsets.ISO_8859_1).indexOf("hello world")] ^= 0x20;
        assertThatThrownBy(() -> startWith(flipped)).hasStackTraceContaining("RDB CRC error");
        for (int keep : new int[] {5, 9, 40, good.length / 2, good.length - 9, good.length - 1}) {
            assertThatThrownBy(() -> startWith(Arrays.copyOf(good, keep))).as("truncated to " + keep)
                    .hasStackTraceContaining("cannot load");
        }
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> startWith(wrongMagic)).hasStackTraceContaining("Wrong signature");
        byte[] future = good.clone();
        future[8] = '9';
        future[7] = '9';
        assertThatThrownBy(() -> startWith(future)).hasStackTraceContaining("Can't handle RDB format version 99");
    }

    @Test
    void contentThisServerCannotHoldIsNamedNotSkipped() {
        assertThatThrownBy(() -> startWith(fileWith(7))).hasStackTraceContaining("(module value)");
        assertThatThrownBy(() -> startWith(fileWith(0xf7))).hasStackTraceContaining("module data");
    }

    @Test
    void aLibraryInTheReleaseCandidatesFormatLoadsAsRedis70Does() throws IOException {
        String body = "redis.register_function('old', function() return 'from rc1' end)";
        RdbWriter out = new RdbWriter(false);
        byte[] magic = "REDIS0010".getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(magic, 0, magic.length);
        out.writeByte(0xf6);
        for (String field : new String[] {"oldlib", "lua"}) {
            out.writeString(field.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeLength(1);
        out.writeString("a description the new format drops".getBytes(StandardCharsets.US_ASCII));
        out.writeString(body.getBytes(StandardCharsets.US_ASCII));
        out.writeByte(0xff);
        out.writeLittleEndian(Crc64.of(out.buffer(), 0, out.size()), 8);
        Path dir = Files.createTempDirectory("lifecycle");
        Files.write(dir.resolve("dump.rdb"), out.toByteArray());
        try (EmbeddedDataNode node = start(dir, "");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            assertThat(conn.callString("FCALL", "old", "0")).isEqualTo("$8\r\nfrom rc1\r\n");
            assertThat(conn.callString("FUNCTION", "LIST", "WITHCODE")).contains("#!lua name=oldlib\n" + body);
        }
        assertThatThrownBy(() -> startWith(fileWith(0xf6))).as("a key where the record's fields should be")
                .hasStackTraceContaining("Failed loading library, ");
    }

    /** A version 10 file whose first key (in database 0) has the given type byte. */
    private static byte[] fileWith(int type) {
        RdbWriter out = new RdbWriter(false);
        byte[] magic = "REDIS0010".getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(magic, 0, magic.length);
        out.writeByte(0xfe);
        out.writeLength(0);
        out.writeByte(type);
        out.writeString("key".getBytes(StandardCharsets.US_ASCII));
        out.writeString("value".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(0xff);
        out.writeLittleEndian(Crc64.of(out.buffer(), 0, out.size()), 8);
        return out.toByteArray();
    }

    private static byte[] savedFile() throws IOException {
        Path dir = Files.createTempDirectory("lifecycle");
        try (EmbeddedDataNode node = start(dir, "");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            SampleDataset.populate(conn, System.currentTimeMillis() + 3_600_000);
            assertThat(conn.callString("SAVE")).isEqualTo("+OK\r\n");
        }
        return Files.readAllBytes(dir.resolve("dump.rdb"));
    }

    private static void startWith(byte[] rdb) throws IOException {
        Path dir = Files.createTempDirectory("lifecycle");
        Files.write(dir.resolve("dump.rdb"), rdb);
        start(dir, "").close();
    }

    private static EmbeddedDataNode start(Path dir, String savePoints) {
        return EmbeddedDataNode.start("--dir", dir.toString(), "--save", savePoints);
    }
}
