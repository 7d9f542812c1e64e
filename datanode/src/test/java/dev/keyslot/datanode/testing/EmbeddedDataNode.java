package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.List;

/** A data node running inside the test JVM on a free port. */
public final class EmbeddedDataNode implements AutoCloseable {
    private final Server server;
    private final String host;

    private EmbeddedDataNode(Server server, String host) {
        this.server = server;
        this.host = host;
    }

    public static EmbeddedDataNode start(String... extraArgs) {
        return startOn("127.0.0.1", Ports.free(), extraArgs);
    }

    /** A node on its own loopback address, e.g. 127.0.2.1:6379, as pods each have their own IP. */
    public static EmbeddedDataNode startOn(String host, int port, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", host,
                "--dir", freshDirectory()));
        if (!List.of(extraArgs).contains("--save")) {
            // Like the reference redis-server of the tests: no save points unless a test configures them.
            args.addAll(List.of("--save", ""));
        }
        args.addAll(List.of(extraArgs));
        try {
            ServerConfig config = ConfigLoader.load(args.toArray(new String[0]));
            Log log = new Log();
            log.setLevel("warning");
            Server server = new Server(config, log);
            try {
                server.start();
            } catch (Exception e) {
                server.stop();
                throw e;
            }
            return new EmbeddedDataNode(server, host);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the data node", e);
        }
    }

    /** Each node writes nodes.conf and dumps into its own directory unless the test names one. */
    private static String freshDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("keyslot-node").toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Server server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return host;
    }

    @Override
    public void close() {
        server.stop();
    }
}
