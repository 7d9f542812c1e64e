package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.config.ConfigException;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.server.Log;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * The node's TLS contexts (client port, cluster bus, outgoing links), built at startup and rebuilt by CONFIG
 * SET of any tls-* option as Redis's tlsConfigure: new connections use the new contexts, open ones keep
 * theirs, and unusable settings leave the old contexts in place and fail the CONFIG SET. A client's CONFIG SET
 * has them built ahead on a worker thread (reading the files and keys took 0.3-0.9 s on a loaded machine, time
 * in which the command thread would answer no client and no cluster bus ping); the command thread then only
 * swaps them in.
 */
public final class TlsContexts {
    static final String UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";
    private static final List<String> OPTIONS = List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass",
            "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file",
            "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites",
            "tls-auth-clients", "tls-replication", "tls-cluster", "tls-prefer-server-ciphers", "tls-session-caching",
            "tls-session-cache-size", "tls-session-cache-timeout");

    private record Contexts(SslContext server, SslContext busServer, SslContext client) {
    }

    /** Contexts built ahead for these settings, or why they could not be. */
    private record Prepared(Map<String, String> settings, Contexts contexts, TlsConfigException failure) {
        Contexts result() throws TlsConfigException {
            if (failure != null) {
                throw failure;
            }
            return contexts;
        }
    }

    private final ServerConfig config;
    private final Log log;
    private Contexts contexts;
    /** Set on the command thread only while the CONFIG SET it was built for is being stored. */
    private Prepared prepared;

    public TlsContexts(ServerConfig config, Log log) {
        this.config = config;
        this.log = log;
        // One applier for every option, so a CONFIG SET of several of them rebuilds the contexts once.
        ServerConfig.Applier reload = value -> reloadForConfigSet();
        for (String name : OPTIONS) {
            config.onApplyAlways(name, reload);
        }
    }

    /** Whether any TLS listener or link is configured, the condition under which Redis sets TLS up. */
    public static boolean wanted(UnaryOperator<String> config) {
        return !config.apply("tls-port").equals("0") || config.apply("tls-replication").equals("yes")
                || config.apply("tls-cluster").equals("yes");
    }

    /** Builds the contexts from the stored configuration (startup); the exception carries the logged reason. */
    public void load() throws TlsConfigException {
        contexts = build(config::get);
        log.notice("TLS engine: " + TlsSettings.engine(config::get));
    }

    /** CONFIG SET tls-port on a node started without TLS: sets it up from the settings being applied. */
    public void loadIfAbsent() throws ConfigException {
        if (contexts == null) {
            try {
                contexts = build(config::proposed);
            } catch (TlsConfigException e) {
                log.warning(e.getMessage());
                throw new ConfigException(UPDATE_FAILED);
            }
            log.notice("TLS engine: " + TlsSettings.engine(config::proposed));
        }
    }

    /**
     * Whether CONFIG SET of these options (canonical names and values) rebuilds the contexts, so that they can be
     * built ahead: a tls-* option of a node that has TLS set up and keeps it.
     */
    public boolean rebuiltBy(Map<String, String> requested) {
        return contexts != null && OPTIONS.stream().anyMatch(requested::containsKey) && wanted(overlay(requested));
    }

    /**
     * Builds the contexts for the settings the CONFIG SET would leave on a worker thread, then runs
     * {@code store} on the command thread, where the CONFIG SET's applier takes them instead of building.
     */
    public void buildAhead(Map<String, String> requested, Executor commandThread, Runnable store) {
        Map<String, String> settings = settings(overlay(requested));
        Thread worker = new Thread(() -> {
            Prepared built;
            try {
                built = new Prepared(settings, build(settings::get), null);
            } catch (TlsConfigException e) {
                built = new Prepared(settings, null, e);
            } catch (RuntimeException e) {
                built = new Prepared(settings, null, new TlsConfigException("Failed to configure TLS: " + e));
            }
            Prepared result = built;
            try {
                commandThread.execute(() -> {
                    prepared = result;
                    try {
                        store.run();
                    } finally {
                        prepared = null;
                    }
                });
            } catch (RejectedExecutionException e) {
                // The server is shutting down: there is nobody left to answer.
            }
        }, "tls-reload");
        worker.setDaemon(true);
        worker.start();
    }

    private UnaryOperator<String> overlay(Map<String, String> requested) {
        return name -> requested.getOrDefault(name, config.get(name));
    }

    private static Map<String, String> settings(UnaryOperator<String> view) {
        Map<String, String> settings = new HashMap<>();
        for (String name : OPTIONS) {
            settings.put(name, view.apply(name));
        }
        return settings;
    }

    private void reloadForConfigSet() throws ConfigException {
        UnaryOperator<String> proposed = config::proposed;
        if (!wanted(proposed)) {
            return;
        }
        Prepared ahead = prepared;
        prepared = null;
        try {
            // Built ahead for other settings when another CONFIG SET changed one in between: build again.
            contexts = ahead != null && ahead.settings().equals(settings(proposed)) ? ahead.result() : build(proposed);
        } catch (TlsConfigException e) {
            log.warning(e.getMessage());
            throw new ConfigException(UPDATE_FAILED);
        }
    }

    private static Contexts build(UnaryOperator<String> settings) throws TlsConfigException {
        return new Contexts(TlsSettings.serverContext(settings), TlsSettings.busServerContext(settings),
                TlsSettings.clientContext(settings));
    }

    private Contexts current() {
        if (contexts == null) {
            throw new IllegalStateException("TLS is not configured");
        }
        return contexts;
    }

    public SslHandler clientPortHandler(ByteBufAllocator alloc) {
        return current().server().newHandler(alloc);
    }

    public SslHandler busHandler(ByteBufAllocator alloc) {
        return current().busServer().newHandler(alloc);
    }

    /** TLS for cluster bus and MIGRATE links, with the contexts current when each link opens. */
    public LinkSecurity links() {
        return new LinkSecurity() {
            @Override
            public void secureAccepted(ChannelPipeline pipeline, ByteBufAllocator alloc) {
                pipeline.addLast("tls", busHandler(alloc));
            }

            @Override
            public void secureConnecting(ChannelPipeline pipeline, ByteBufAllocator alloc, String host, int port) {
                pipeline.addLast("tls", outgoingHandler(alloc, host, port));
            }
        };
    }

    /** The handler of an outgoing link to host:port. */
    public SslHandler outgoingHandler(ByteBufAllocator alloc, String host, int port) {
        return current().client().newHandler(alloc, host, port);
    }
}
