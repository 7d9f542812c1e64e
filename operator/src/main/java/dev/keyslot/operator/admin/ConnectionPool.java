package dev.keyslot.operator.admin;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Idle connections kept per node, authenticated on open. A connection that failed with an I/O error is closed
 * instead of returned, so the next borrower gets a fresh one.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final int MAX_IDLE_PER_NODE = 4;

    private final Duration timeout;
    private volatile Credentials credentials;
    private volatile Credentials fallback;
    private volatile SSLSocketFactory tls;
    private final Map<NodeAddress, Deque<RespConnection>> idle = new ConcurrentHashMap<>();
    private final Set<NodeAddress> reachedWithFallback = ConcurrentHashMap.newKeySet();

    public ConnectionPool(Duration timeout, Credentials credentials) {
        this.timeout = timeout;
        this.credentials = credentials;
    }

    public Duration timeout() {
        return timeout;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Takes effect for new connections; idle ones are dropped so that none keeps the old credentials. */
    public void setCredentials(Credentials credentials) {
        this.credentials = credentials;
        closeIdle();
    }

    /**
     * Credentials tried when a node refuses the current ones, e.g. the default user's password on a node started
     * before the operator's ACL user existed. Null for none.
     */
    public void setFallback(Credentials fallback) {
        this.fallback = fallback;
    }

    public SSLSocketFactory tls() {
        return tls;
    }

    /** TLS for new connections (null for plaintext); idle ones are dropped when it changes. */
    public void setTls(SSLSocketFactory tls) {
        if (this.tls != tls) {
            this.tls = tls;
            closeIdle();
        }
    }

    public <T> T with(NodeAddress address, Function<RespConnection, T> work) {
        RespConnection connection = borrow(address);
        boolean healthy = false;
        try {
            T result = work.apply(connection);
            healthy = true;
            return result;
        } catch (RedisErrorReply e) {
            healthy = true;
            throw e;
        } finally {
            if (healthy) {
                giveBack(connection);
            } else {
                connection.close();
            }
        }
    }

    private RespConnection borrow(NodeAddress address) {
        Deque<RespConnection> queue = idle.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (queue) {
            RespConnection pooled = queue.pollFirst();
            if (pooled != null && pooled.isOpen()) {
                return pooled;
            }
        }
        RespConnection fresh = RespConnection.open(address, timeout, tls);
        if (credentials != null && !credentials.isEmpty()) {
            try {
                authenticate(fresh);
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
        }
        return fresh;
    }

    private void authenticate(RespConnection connection) {
        try {
            connection.call(credentials.authCommand());
        } catch (RedisErrorReply e) {
            Credentials second = fallback;
            if (second == null || second.isEmpty() || !e.startsWith("WRONGPASS")) {
                throw e;
            }
            connection.call(second.authCommand());
            reachedWithFallback.add(connection.address());
        }
    }

    /** The nodes that refused the credentials but took the fallback since the last call. */
    public Set<NodeAddress> takeReachedWithFallback() {
        Set<NodeAddress> taken = new HashSet<>(reachedWithFallback);
        reachedWithFallback.removeAll(taken);
        return taken;
    }

    private void giveBack(RespConnection connection) {
        Deque<RespConnection> queue = idle.computeIfAbsent(connection.address(), a -> new ArrayDeque<>());
        synchronized (queue) {
            if (queue.size() < MAX_IDLE_PER_NODE) {
                queue.addFirst(connection);
                return;
            }
        }
        connection.close();
    }

    /** Drops idle connections to a node that went away. */
    public void evict(NodeAddress address) {
        Deque<RespConnection> queue = idle.remove(address);
        if (queue != null) {
            synchronized (queue) {
                queue.forEach(RespConnection::close);
            }
        }
    }

    private void closeIdle() {
        idle.keySet().forEach(this::evict);
    }

    @Override
    public void close() {
        closeIdle();
    }
}
