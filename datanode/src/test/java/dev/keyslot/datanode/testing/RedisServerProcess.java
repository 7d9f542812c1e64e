package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server 7.0 started by a test, the reference the data node is compared against. Missing
 * binaries skip the test on a laptop but fail it in CI (CI=true), where .ci/run installs them.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String host;
    private final Path dir;

    private RedisServerProcess(Process process, String host, int port, Path dir) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.dir = dir;
    }

    /** Locates a tool (redis-server, redis-cli, redis-benchmark); skips or fails when absent. */
    public static String requireTool(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String message = name + " not found: install Debian's redis-server and redis-tools packages "
                + "(apt-get install -y redis-server redis-tools) to run the interoperability tests";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: interop tests may not be skipped)");
        }
        Assumptions.abort(message);
        return null;
    }

    public static RedisServerProcess start(String... extraArgs) {
        return startOn("127.0.0.1", Ports.free(), extraArgs);
    }

    public static RedisServerProcess startOn(String host, int port, String... extraArgs) {
        String binary = requireTool("redis-server");
        try {
            Path dir = Files.createTempDirectory("redis-ref");
            List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", host,
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString()));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            RedisServerProcess server = new RedisServerProcess(p, host, port, dir);
            Ports.awaitListening(host, port, 10_000);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public Path dir() {
        return dir;
    }

    /** The process id, for signals a test sends (kill -STOP to freeze the node as a partition would). */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
