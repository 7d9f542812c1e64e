package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.DataNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** redis-server 7.0 or the data node as a process of its own, for what only a whole process shows. */
public record ProcessUnderTest(String name, Process process, int port, Path dir) implements AutoCloseable {
    private static final int LISTEN_TIMEOUT_MILLIS = 60_000;
    /**
     * Signal tests must not depend on how the build was started: a build run as a shell's background job has
     * SIGINT ignored, its processes inherit that, and a JVM leaves ignored signals ignored.
     */
    private static final List<String> DEFAULT_SIGNALS = List.of("env", "--default-signal=INT,TERM");

    /** Starts in its own directory under parent, logging to out.log there; returns once it listens. */
    public static ProcessUnderTest start(boolean reference, Path parent, String... extraArgs) throws IOException {
        return startWithConfig(reference, parent, null, extraArgs);
    }

    /** As {@link #start}, reading configFile first when not null. */
    public static ProcessUnderTest startWithConfig(boolean reference, Path parent, Path configFile,
                                                   String... extraArgs) throws IOException {
        return launch(DEFAULT_SIGNALS, reference, parent, configFile, extraArgs);
    }

    /** The data node started with SIGINT ignored, as a shell starts its background jobs. */
    public static ProcessUnderTest startDataNodeIgnoringSigint(Path parent) throws IOException {
        return launch(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"), false, parent, null);
    }

    private static ProcessUnderTest launch(List<String> launcher, boolean reference, Path parent, Path configFile,
                                           String... extraArgs) throws IOException {
        Path dir = Files.createTempDirectory(parent, reference ? "redis" : "node");
        int port = Ports.free();
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(command(reference));
        if (configFile != null) {
            cmd.add(configFile.toString());
        }
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--enable-debug-command", "yes"));
        cmd.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
        ProcessUnderTest started = new ProcessUnderTest(reference ? "redis-server" : "data node", process, port, dir);
        try {
            Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** How to run redis-server or the data node, without arguments. */
    public static List<String> command(boolean reference) {
        return reference ? List.of(RedisServerProcess.requireTool("redis-server"))
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), DataNode.class.getName());
    }

    /** start() returns once the port is open, before the dataset is loaded: commands get -LOADING until then. */
    public void awaitServing(RawConnection conn) throws Exception {
        awaitCondition(() -> conn.callString("PING").equals("+PONG\r\n"), name + " never finished loading");
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("out.log"), StandardCharsets.ISO_8859_1);
    }

    public void awaitLog(String text) throws Exception {
        awaitCondition(() -> log().contains(text), name + " never logged " + text);
    }

    public void signal(String signalName) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signalName, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    public interface Check {
        boolean holds() throws Exception;
    }

    public static void awaitCondition(Check check, String failure) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** SIGKILL, in case a test failed half-way: it must not leave a server holding its port and CPU. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
