package dev.keyslot.operator.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A non-blocking TCP relay on one selector thread: each listened address forwards every accepted connection to
 * its target. A policy decides per connection, from its source address, whether it may pass; connections it
 * refuses are closed on accept, and {@link #enforce()} cuts established ones the policy no longer allows.
 */
public final class TcpRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpRelay.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Whether a connection from {@code source} to the relay's address {@code listened} may pass. */
    public interface Policy {
        boolean allows(InetAddress source, InetSocketAddress listened);
    }

    private final Policy policy;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<InetSocketAddress, ServerSocketChannel> listeners = new HashMap<>();
    private final Set<Pipe> pipes = new HashSet<>();
    private volatile boolean running = true;

    public TcpRelay(Policy policy) {
        this.policy = policy;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::loop, "tcp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Listens on {@code listen} and relays every allowed connection to {@code target}. */
    public void forward(InetSocketAddress listen, InetSocketAddress target) {
        call(() -> {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(listen);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, target);
            listeners.put(listen, server);
            return null;
        });
    }

    /** Stops listening on every address of {@code host} and closes the connections relayed through them. */
    public void stopForwarding(InetAddress host) {
        call(() -> {
            for (Iterator<Map.Entry<InetSocketAddress, ServerSocketChannel>> it = listeners.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<InetSocketAddress, ServerSocketChannel> listener = it.next();
                if (listener.getKey().getAddress().equals(host)) {
                    listener.getValue().close();
                    it.remove();
                }
            }
            new ArrayList<>(pipes).stream().filter(p -> p.listened.getAddress().equals(host)).forEach(Pipe::close);
            return null;
        });
    }

    /** Cuts every relayed connection the policy does not allow any more; returns how many. */
    public int enforce() {
        return call(() -> {
            List<Pipe> cut = pipes.stream().filter(p -> !policy.allows(p.source, p.listened)).toList();
            cut.forEach(Pipe::close);
            return cut.size();
        });
    }

    /** The number of connections being relayed. */
    public int connections() {
        return call(pipes::size);
    }

    private <T> T call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("relay thread not responding", e);
        }
    }

    private void loop() {
        while (running) {
            try {
                selector.select(500);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle(key);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("relay loop: {}", e.toString());
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() instanceof ServerSocketChannel server) {
            accept(server, (InetSocketAddress) key.attachment());
            return;
        }
        Side side = (Side) key.attachment();
        try {
            if (key.isConnectable()) {
                side.channel.finishConnect();
                side.pipe.connected();
                return;
            }
            if (key.isReadable()) {
                side.read();
            }
            if (key.isValid() && key.isWritable()) {
                side.flush();
            }
            side.pipe.refresh();
        } catch (IOException e) {
            side.pipe.close();
        }
    }

    private void accept(ServerSocketChannel server, InetSocketAddress target) {
        SocketChannel client;
        try {
            client = server.accept();
            if (client == null) {
                return;
            }
        } catch (IOException e) {
            LOG.debug("accept failed: {}", e.toString());
            return;
        }
        try {
            InetAddress source = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
            InetSocketAddress listened = (InetSocketAddress) server.getLocalAddress();
            if (!policy.allows(source, listened)) {
                client.close();
                return;
            }
            SocketChannel upstream = SocketChannel.open();
            upstream.configureBlocking(false);
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Pipe pipe = new Pipe(source, listened, client, upstream);
            pipes.add(pipe);
            if (upstream.connect(target)) {
                pipe.connected();
            } else {
                upstream.register(selector, SelectionKey.OP_CONNECT, pipe.upstream);
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** One relayed connection: the accepted client side and the connection to the target. */
    private final class Pipe {
        final InetAddress source;
        final InetSocketAddress listened;
        final Side client;
        final Side upstream;

        Pipe(InetAddress source, InetSocketAddress listened, SocketChannel client, SocketChannel upstream) {
            this.source = source;
            this.listened = listened;
            this.client = new Side(this, client);
            this.upstream = new Side(this, upstream);
            this.client.other = this.upstream;
            this.upstream.other = this.client;
        }

        void connected() throws IOException {
            client.key = client.channel.register(selector, 0, client);
            upstream.key = upstream.channel.register(selector, 0, upstream);
            refresh();
        }

        /** Reads where there is room to buffer, writes where data waits, and closes once both ways ended. */
        void refresh() throws IOException {
            if (client.finished() && upstream.finished()) {
                close();
                return;
            }
            client.interest();
            upstream.interest();
        }

        void close() {
            pipes.remove(this);
            closeQuietly(client.channel);
            closeQuietly(upstream.channel);
        }
    }

    /** One end of a pipe, with the bytes read from it that wait to be written to the other end. */
    private static final class Side {
        final Pipe pipe;
        final SocketChannel channel;
        final ByteBuffer inbound = ByteBuffer.allocate(BUFFER_BYTES);
        Side other;
        SelectionKey key;
        boolean endOfStream;
        boolean shutDown;

        Side(Pipe pipe, SocketChannel channel) {
            this.pipe = pipe;
            this.channel = channel;
        }

        void read() throws IOException {
            if (channel.read(inbound) < 0) {
                endOfStream = true;
            }
            other.flush();
        }

        /** Writes what was read from the other side to this side's channel. */
        void flush() throws IOException {
            ByteBuffer pending = other.inbound;
            pending.flip();
            channel.write(pending);
            pending.compact();
            if (other.endOfStream && pending.position() == 0 && !shutDown) {
                channel.shutdownOutput();
                shutDown = true;
            }
        }

        /** This side is done once its input ended and all of it reached the other side. */
        boolean finished() {
            return endOfStream && other.shutDown;
        }

        void interest() {
            int ops = 0;
            if (!endOfStream && inbound.hasRemaining()) {
                ops |= SelectionKey.OP_READ;
            }
            if (other.inbound.position() > 0) {
                ops |= SelectionKey.OP_WRITE;
            }
            key.interestOps(ops);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        call(() -> {
            for (ServerSocketChannel server : listeners.values()) {
                server.close();
            }
            listeners.clear();
            new ArrayList<>(pipes).forEach(Pipe::close);
            return null;
        });
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("selector close failed: {}", e.toString());
        }
    }
}
