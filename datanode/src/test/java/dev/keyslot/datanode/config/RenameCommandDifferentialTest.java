package dev.keyslot.datanode.config;

import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config file's rename-command, against redis-server 7.0: the command answers to its new name only, an
 * empty name removes it, CONFIG REWRITE keeps the lines, and a line naming no command stops startup.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RenameCommandDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void renamedAndRemovedCommandsStaySoAcrossConfigRewriteAndRestart() throws Exception {
        List<String> reference = renamedThroughRestart(true);
        assertThat(reference).containsExactly("-ERR unknown command 'FLUSHDB', with args beginning with:", "+OK",
                "-ERR unknown command 'LASTSAVE', with args beginning with:", "+OK",
                "-ERR unknown command 'FLUSHDB', with args beginning with:", "+OK");
        assertThat(renamedThroughRestart(false)).isEqualTo(reference);
    }

    private List<String> renamedThroughRestart(boolean reference) throws Exception {
        Path conf = dir.resolve((reference ? "redis" : "node") + ".conf");
        Files.writeString(conf, "rename-command flushdb badger\nrename-command lastsave \"\"\n");
        List<String> seen = new ArrayList<>();
        try (ProcessUnderTest node = ProcessUnderTest.startWithConfig(reference, dir, conf);
             RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
            seen.add(conn.callString("FLUSHDB").strip());
            seen.add(conn.callString("BADGER").strip());
            seen.add(conn.callString("LASTSAVE").strip());
            seen.add(conn.callString("CONFIG", "REWRITE").strip());
        }
        try (ProcessUnderTest node = ProcessUnderTest.startWithConfig(reference, dir, conf);
             RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
            seen.add(conn.callString("FLUSHDB").strip());
            seen.add(conn.callString("BADGER").strip());
        }
        return seen;
    }

    @Test
    void renamingAnUnknownCommandIsAFatalConfigError() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "port 0\nrename-command nosuchcommand other\n");
        String expected = fatalError(true, conf);
        assertThat(expected).contains("at line 2").endsWith("No such command in rename-command");
        assertThat(fatalError(false, conf)).isEqualTo(expected);
    }

    private static String fatalError(boolean reference, Path conf) throws Exception {
        List<String> cmd = new ArrayList<>(ProcessUnderTest.command(reference));
        cmd.add(conf.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        return out.substring(out.indexOf("*** FATAL CONFIG FILE ERROR")).strip();
    }
}
