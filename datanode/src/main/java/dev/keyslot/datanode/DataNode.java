package dev.keyslot.datanode;

import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.ShutdownSignals;
import dev.keyslot.datanode.server.LoggedStartupFailure;
import dev.keyslot.datanode.server.StartupBanner;

import java.nio.file.Path;

/** Entry point: {@code java -jar datanode.jar [/path/to/redis.conf] [--option value ...]}. */
public final class DataNode {
    private static final String USAGE = """
            Usage: java -jar datanode.jar [/path/to/redis.conf] [options]
                   java -jar datanode.jar -v or --version
                   java -jar datanode.jar -h or --help

            Examples:
                   java -jar datanode.jar (run the server with default conf)
                   java -jar datanode.jar /etc/redis/6379.conf
                   java -jar datanode.jar --port 7777
                   java -jar datanode.jar /etc/myredis.conf --loglevel verbose""";

    private DataNode() {
    }

    public static void main(String[] args) throws Exception {
        // Netty's JFR events load the JDK's flight recorder with the first client's buffers, about 150 ms of the
        // first reply in a fresh JVM; the node records none. A -Dio.netty.jfr.enabled on the command line wins.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        if (args.length > 0 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Redis server v=" + ConfigLoader.REDIS_VERSION + " sha=00000000:0 malloc=jvm bits=64 build=0");
            System.exit(0);
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.err.println(USAGE);
            System.exit(1);
        }
        ServerConfig config;
        try {
            config = ConfigLoader.load(args);
        } catch (ConfigLoader.FatalConfigError e) {
            if (e.isLogLine()) {
                Log early = new Log();
                early.setRole('C');
                early.warning(e.getMessage());
            } else {
                System.err.println(e.getMessage());
            }
            System.exit(1);
            return;
        }
        Log log = new Log();
        String logfile = config.get("logfile");
        // Redis changes its working directory to dir while reading the config, so a relative logfile lives there.
        log.configure(config.get("loglevel"),
                logfile.isEmpty() ? logfile : Path.of(config.get("dir")).resolve(logfile).toString());
        log.notice("oO0OoO0OoO0Oo Keyslot data node is starting oO0OoO0OoO0Oo");
        log.notice("Keyslot data node (Redis " + ConfigLoader.REDIS_VERSION + " compatible), pid="
                + ProcessHandle.current().pid() + ", just started");
        Server server = new Server(config, log);
        server.setExitAction(status -> System.exit(status));
        ShutdownSignals.install(server);
        try {
            server.start(() -> StartupBanner.print(config, log));
        } catch (LoggedStartupFailure e) {
            System.exit(1);
        } catch (ConfigLoader.FatalConfigError e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            log.warning("Startup failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
