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

    private EmbeddedDataNode(Server server) {
        this.server = server;
    }

    public static EmbeddedDataNode start(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(Ports.free()), "--bind", "127.0.0.1"));
        args.addAll(List.of(extraArgs));
        try {
            ServerConfig config = ConfigLoader.load(args.toArray(new String[0]));
            Log log = new Log();
            log.setLevel("warning");
            Server server = new Server(config, log);
            server.start();
            return new EmbeddedDataNode(server);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the data node", e);
        }
    }

    public Server server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return "127.0.0.1";
    }

    @Override
    public void close() {
        server.stop();
    }
}
