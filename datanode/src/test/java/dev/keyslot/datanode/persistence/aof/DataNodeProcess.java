package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.DataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The data node as a separate JVM on the test classpath, so it can be killed with SIGKILL. */
final class DataNodeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;

    private DataNodeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a node on a free port with dir as its working directory and `dir`; does not wait. */
    static DataNodeProcess launch(Path dir, String logName, String... args) throws IOException {
        int port = Ports.free();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), DataNode.class.getName(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve(logName);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new DataNodeProcess(p, log, port);
    }

    /**
     * Starts a node and waits until it serves its dataset: it listens while it loads the AOF, answering
     * -LOADING meanwhile, as redis-server does.
     */
    static DataNodeProcess start(Path dir, String logName, String... args) throws IOException {
        DataNodeProcess node = launch(dir, logName, args);
        Ports.awaitListening("127.0.0.1", node.port, 60_000);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!serving(node.port)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the data node still loads after 120 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return node;
    }

    /** True once PING is answered +PONG (a slow, loading node may not answer in time: asked again). */
    private static boolean serving(int port) {
        try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
            return conn.callString("PING").equals("+PONG\r\n");
        } catch (IllegalStateException slow) {
            return false;
        }
    }

    /** SIGKILL: no shutdown code runs, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to exit by itself; its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the data node kept running");
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
