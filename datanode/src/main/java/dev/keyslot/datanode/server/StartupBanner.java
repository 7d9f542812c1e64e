package dev.keyslot.datanode.server;

import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.config.ServerConfig;

/**
 * The startup banner Redis prints before initialising the server: the mode and port on one line, or, with
 * always-show-logo, a logo block with version, mode, port and pid (tools such as Redis's test suite find the
 * server's pid in it).
 */
public final class StartupBanner {
    private StartupBanner() {
    }

    public static void print(ServerConfig config, Log log) {
        String mode = config.getBool("cluster-enabled") ? "cluster" : "standalone";
        long port = config.getLong("port") != 0 ? config.getLong("port") : config.getLong("tls-port");
        if (!config.getBool("always-show-logo")) {
            log.notice("Running mode=" + mode + ", port=" + port + ".");
            return;
        }
        String rule = "  +" + "-".repeat(46) + "+\n";
        log.raw("\n" + rule
                + "  |  K E Y S L O T   data node" + " ".repeat(19) + "|   Redis " + ConfigLoader.REDIS_VERSION
                + " compatible, 64 bit\n"
                + "  |  one slot of 16384 at a time" + " ".repeat(17) + "|\n"
                + rule
                + "      Running in " + mode + " mode\n"
                + "      Port: " + port + "\n"
                + "      PID: " + ProcessHandle.current().pid() + "\n\n");
    }
}
