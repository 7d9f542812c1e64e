package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.server.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AofLoaderTest {
    @TempDir
    Path dir;

    private final List<String> executed = new ArrayList<>();

    private final CommandReplayer replayer = new CommandReplayer() {
        @Override
        public boolean knows(byte[][] argv) {
            return !new String(argv[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase("nosuch");
        }

        @Override
        public void execute(byte[][] argv) {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) {
                sb.append(sb.isEmpty() ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
            }
            executed.add(sb.toString());
        }
    };

    /** Reads a fake "RDB image": REDIS then a length byte and that many bytes, recorded as one command. */
    private final RdbBridge rdb = new RdbBridge() {
        @Override
        public boolean snapshotRunning() {
            return false;
        }

        @Override
        public KeyspaceSnapshot capture(boolean inBackground) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<byte[]> functionLibraries() {
            return List.of();
        }

        @Override
        public BaseWriter rdbBase(OutputStream out, List<byte[]> functionLibraries) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ImageLoad loadRdb(InputStream in) throws IOException {
            byte[] magic = in.readNBytes(5);
            int n = in.read();
            executed.add("rdb " + new String(magic, StandardCharsets.US_ASCII) + " "
                    + new String(in.readNBytes(n), StandardCharsets.US_ASCII));
            return maxKeys -> true;
        }
    };

    private AofLoadResult load(String content, boolean truncatedOk, boolean legacy, boolean last) throws IOException {
        Files.writeString(dir.resolve("f.aof"), content, StandardCharsets.ISO_8859_1);
        AofLoader loader = new AofLoader(new AofDirectory(dir, "f.aof", new Log()), new Log(), replayer, rdb,
                truncatedOk);
        return loader.load("f.aof", legacy, last);
    }

    private static String cmd(String... args) {
        StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    private String fileContent() throws IOException {
        return Files.readString(dir.resolve("f.aof"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void replaysCommandsAndSkipsAnnotations() throws IOException {
        assertThat(load("#TS:1700000000\r\n" + cmd("SET", "k", "v") + cmd("DEL", "k"), true, false, true))
                .isEqualTo(AofLoadResult.OK);
        assertThat(executed).containsExactly("SET k v", "DEL k");
    }

    @Test
    void tornTailIsTruncatedAtTheLastCompleteCommand() throws IOException {
        String good = cmd("SET", "a", "1");
        String torn = cmd("SET", "b", "2").substring(0, 12);
        assertThat(load(good + torn, true, false, true)).isEqualTo(AofLoadResult.TRUNCATED);
        assertThat(executed).containsExactly("SET a 1");
        assertThat(fileContent()).isEqualTo(good);
    }

    @Test
    void tornTailRefusesWithoutAofLoadTruncated() throws IOException {
        String content = cmd("SET", "a", "1") + "*3\r\n$3\r\nSET";
        assertThat(load(content, false, false, true)).isEqualTo(AofLoadResult.FAILED);
        assertThat(fileContent()).isEqualTo(content);
    }

    @Test
    void tornFileThatIsNotTheLastIsFatal() throws IOException {
        String content = cmd("SET", "a", "1") + "*3\r\n";
        assertThat(load(content, true, false, false)).isEqualTo(AofLoadResult.FAILED);
        assertThat(fileContent()).isEqualTo(content);
    }

    @Test
    void corruptMiddleRefusesAndKeepsTheFile() throws IOException {
        String content = cmd("SET", "a", "1") + "garbage\r\n" + cmd("SET", "b", "2");
        assertThat(load(content, true, false, true)).isEqualTo(AofLoadResult.FAILED);
        assertThat(fileContent()).isEqualTo(content);
        String badBulk = cmd("SET", "a", "1") + "*2\r\nxx\r\n" + cmd("SET", "b", "2");
        assertThat(load(badBulk, true, false, true)).isEqualTo(AofLoadResult.FAILED);
    }

    @Test
    void incompleteTransactionIsRevertedAndCut() throws IOException {
        String before = cmd("SET", "a", "1");
        String content = before + cmd("MULTI") + cmd("SET", "b", "2") + cmd("SET", "c", "3");
        assertThat(load(content, true, false, true)).isEqualTo(AofLoadResult.TRUNCATED);
        assertThat(executed).containsExactly("SET a 1");
        assertThat(fileContent()).isEqualTo(before);
    }

    @Test
    void transactionsApplyAtExec() throws IOException {
        assertThat(load(cmd("MULTI") + cmd("SET", "b", "2") + cmd("EXEC"), true, false, true))
                .isEqualTo(AofLoadResult.OK);
        assertThat(executed).containsExactly("SET b 2");
    }

    @Test
    void unknownCommandFails() throws IOException {
        assertThat(load(cmd("NOSUCH", "x"), true, false, true)).isEqualTo(AofLoadResult.FAILED);
    }

    @Test
    void rdbPreambleThenCommandTail() throws IOException {
        assertThat(load("REDIS\u0003abc" + cmd("SET", "t", "1"), true, true, true)).isEqualTo(AofLoadResult.OK);
        assertThat(executed).containsExactly("rdb REDIS abc", "SET t 1");
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        assertThat(load("", true, false, true)).isEqualTo(AofLoadResult.EMPTY);
        AofLoader loader = new AofLoader(new AofDirectory(dir, "f.aof", new Log()), new Log(), replayer, rdb, true);
        assertThat(loader.load("missing.aof", false, true)).isEqualTo(AofLoadResult.NOT_EXIST);
    }
}
