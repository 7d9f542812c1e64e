package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MODULE compared with redis-server 7.0: help, the empty list, arity and subcommand errors, the refusal while
 * enable-module-command is "no", and MODULE LOAD / LOADEX of paths that are no loadable module, with the
 * lines both servers log for them.
 */
class ModuleCommandDifferentialTest {
    /** "pid:M 27 Nov 2026 02:19:37.719 # message": the level mark and the message. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d+:[A-Z] \\d+ \\w+ \\d+ [\\d:.]+ ([.*#-] .*)$");

    @RegisterExtension
    static final Differential allowed = Differential.perClassWithoutReset("--enable-module-command", "yes");
    @RegisterExtension
    static final Differential refusing = Differential.perClassWithoutReset();
    private static Path files;
    private static Path nodeLog;

    @BeforeAll
    static void start() throws IOException {
        nodeLog = Files.createTempFile("keyslot-module", ".log");
        allowed.node().server().log().configure("notice", nodeLog.toString());
        files = Files.createTempDirectory("keyslot-modules");
        Files.createDirectory(files.resolve("dir"));
        executable(files.resolve("empty.so"), new byte[0]);
        executable(files.resolve("short.so"), "short".getBytes(StandardCharsets.US_ASCII));
        executable(files.resolve("text.so"), "not a shared object, only text that is long enough for an ELF header"
                .getBytes(StandardCharsets.US_ASCII));
        executable(files.resolve("magic.so"), new byte[] {0x7f, 'E', 'L', 'F'});
        Files.write(files.resolve("noexec.so"), new byte[] {1, 2, 3});
        for (Path dir : List.of(allowed.redis().dir(), Path.of(allowed.node().server().config().get("dir")))) {
            executable(dir.resolve("relative.so"), new byte[] {1});
            Files.write(dir.resolve("noexec.so"), new byte[] {1});
        }
    }

    @Test
    void helpListAndArgumentErrors() {
        for (Differential diff : List.of(allowed, refusing)) {
            diff.checkAll("MODULE HELP", "module help", "MODULE LIST", "MODULE", "MODULE FOO", "MODULE LIST x",
                    "MODULE HELP x", "MODULE LOAD", "MODULE LOADEX", "MODULE UNLOAD", "MODULE UNLOAD a b",
                    "COMMAND INFO module|help module|list module|load module|loadex module|unload");
        }
        allowed.redisConnection().call("HELLO", "3");
        allowed.nodeConnection().call("HELLO", "3");
        allowed.checkAll("MODULE LIST", "MODULE HELP", "MODULE UNLOAD x");
        allowed.redisConnection().call("HELLO", "2");
        allowed.nodeConnection().call("HELLO", "2");
    }

    @Test
    void loadingWhatIsNoModuleFailsAndLogsAsRedisDoes() throws IOException {
        long redisLogStart = Files.size(allowed.redis().dir().resolve("redis.log"));
        long nodeLogStart = Files.size(nodeLog);
        String[] paths = {files.resolve("missing.so").toString(), files.resolve("dir").toString(),
            files.resolve("empty.so").toString(), files.resolve("short.so").toString(),
            files.resolve("text.so").toString(), files.resolve("magic.so").toString(),
            files.resolve("noexec.so").toString(), files + "/../" + files.getFileName() + "/text.so",
            "./relative.so", "relative.so", "noexec.so", "nosuchlib.so", "", "a b"};
        for (String path : paths) {
            allowed.check("MODULE", "LOAD", path);
            allowed.check("MODULE", "LOAD", path, "arg1", "arg2");
            allowed.check("MODULE", "LOADEX", path);
        }
        String missing = files.resolve("missing.so").toString();
        for (String[] options : new String[][] {{"CONFIG", "a"}, {"CONFIG", "a", "b", "CONFIG"}, {"foo"},
            {"CONFIG", "a", "b", "ARGS"}, {"ARGS", "x", "CONFIG"}, {"config", "n", "v", "args", "x", "y"}}) {
            String[] request = new String[3 + options.length];
            request[0] = "MODULE";
            request[1] = "LOADEX";
            request[2] = missing;
            System.arraycopy(options, 0, request, 3, options.length);
            allowed.check(request);
        }
        allowed.checkAll("MODULE UNLOAD foo", "MODULE LIST", "INFO errorstats");
        assertThat(moduleLines(nodeLog, nodeLogStart))
                .isEqualTo(moduleLines(allowed.redis().dir().resolve("redis.log"), redisLogStart))
                .hasSize(3 * paths.length + 6);
    }

    @Test
    void aSharedObjectCannotBeLoadedEither() {
        allowed.check("MODULE", "LOAD", "/bin/true");
        allowed.check("MODULE", "LIST");
    }

    @Test
    void refusedBeforeAuthenticationUnlessEnabled() {
        refusing.checkAll("CONFIG RESETSTAT", "MODULE LOAD /nonexistent.so", "MODULE LOADEX x CONFIG",
                "MODULE UNLOAD x", "MULTI", "MODULE LOAD x", "PING", "EXEC", "INFO errorstats");
        for (String command : List.of("module|load", "module|loadex", "module|unload")) {
            assertThat(stat(refusing, "node", command)).isEqualTo(stat(refusing, "redis", command));
        }
        refusing.checkAll("CONFIG SET requirepass secret");
        try (ConnectionPair anonymous = ConnectionPair.open(refusing)) {
            anonymous.check("MODULE", "LOAD", "x");
            anonymous.check("MODULE", "LIST");
            anonymous.check("MODULE", "FOO");
        } finally {
            refusing.check("CONFIG", "SET", "requirepass", "");
        }
    }

    /** DEBUG is protected the same way: refused before authentication, as a rejected call, queued nowhere. */
    @Test
    void debugIsRefusedLikeModuleUnlessEnabled() {
        refusing.checkAll("CONFIG RESETSTAT", "DEBUG SLEEP 0", "DEBUG HELP", "DEBUG", "MULTI", "DEBUG SLEEP 0", "PING",
                "EXEC", "INFO errorstats");
        assertThat(stat(refusing, "node", "debug")).isEqualTo(stat(refusing, "redis", "debug"));
        refusing.checkAll("CONFIG SET requirepass secret");
        try (ConnectionPair anonymous = ConnectionPair.open(refusing)) {
            anonymous.check("DEBUG", "SLEEP", "0");
        } finally {
            refusing.check("CONFIG", "SET", "requirepass", "");
        }
    }

    /** The commandstats line of one command without its timings. */
    private static String stat(Differential diff, String side, String command) {
        var conn = side.equals("redis") ? diff.redisConnection() : diff.nodeConnection();
        for (String line : conn.callString("INFO", "commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", "");
            }
        }
        return "no cmdstat_" + command;
    }

    /** What the log got from the module commands since offset: level marks and messages, without pid and time. */
    private static List<String> moduleLines(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String added = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : added.split("\n")) {
            Matcher m = LOG_LINE.matcher(line);
            if (m.matches() && (m.group(1).substring(2).startsWith("Module ")
                    || m.group(1).contains("CONFIG specified") || m.group(1).contains("loadex"))) {
                lines.add(m.group(1));
            }
        }
        return lines;
    }

    private static void executable(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
