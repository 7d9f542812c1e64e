package dev.keyslot.operator.simulator;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.admin.RespConnection;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A node's real process, as a container would run it: started with a command line, killed with SIGKILL. */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final NodeAddress address;
    private final Supplier<SSLSocketFactory> tls;

    private NodeProcess(Process process, NodeAddress address, Supplier<SSLSocketFactory> tls) {
        this.process = process;
        this.address = address;
        this.tls = tls;
    }

    public static NodeProcess start(List<String> command, NodeAddress address, Path log) {
        return start(command, Map.of(), address, log, () -> null);
    }

    /**
     * @param environment variables set on top of this process's own, as a container's env is
     * @param tls how to reach the client port when it speaks TLS; supplies null when it does not
     */
    public static NodeProcess start(List<String> command, Map<String, String> environment, NodeAddress address, Path log,
            Supplier<SSLSocketFactory> tls) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new NodeProcess(process, address, tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public NodeAddress address() {
        return address;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once the node answers PING (or NOAUTH, which also proves it serves clients). */
    public boolean answersPing(Duration timeout) {
        if (!process.isAlive()) {
            return false;
        }
        try (RespConnection connection = RespConnection.open(address, timeout, tls.get())) {
            return "PONG".equals(connection.callString("PING"));
        } catch (RedisErrorReply e) {
            return e.startsWith("NOAUTH");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Waits until the node answers PING; fails when the process exits or the deadline passes. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answersPing(Duration.ofMillis(500))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + address + " exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + address + " not answering PING after " + timeout);
            }
            sleep(20);
        }
    }

    /** Waits for the process to end by itself; false when it still runs after the timeout. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, like a node crash or a pod deleted without grace; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
