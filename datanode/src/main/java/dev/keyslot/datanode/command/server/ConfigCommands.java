package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.DeferredReply;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.config.ConfigException;
import dev.keyslot.datanode.config.ConfigOption;
import dev.keyslot.datanode.config.ConfigRewriter;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.GlobMatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CONFIG GET, SET, RESETSTAT, REWRITE and HELP. */
public final class ConfigCommands implements CommandGroup {
    /** The refusal of an option that may not change while the dataset loads; replied as is. */
    private static final String LOADING = "LOADING Redis is loading the dataset in memory";

    private final Server server;
    private CommandSpec setSpec;

    public ConfigCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        var config = t.container("config", "");
        config.sub("get", -3, "admin noscript loading stale", "", this::get);
        setSpec = config.sub("set", -4, "admin noscript loading stale", "", this::set)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded");
        config.sub("resetstat", 2, "admin noscript loading stale", "", this::resetStat);
        config.sub("rewrite", 2, "admin noscript loading stale", "", this::rewrite);
        config.sub("help", 2, "loading stale", "", (c, argv) -> HelpReply.send(c, argv[0],
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file."));
    }

    private void get(Client c, byte[][] argv) {
        ServerConfig config = server.config();
        // Keyed by lowercase name so a directive matched twice is reported once, under its first spelling.
        Map<String, String[]> matches = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            String pattern = Args.str(argv[i]);
            // Redis looks for glob characters, and matches, in the pattern as a C string (up to a NUL).
            String globPattern = Args.cString(pattern);
            if (globPattern.indexOf('*') < 0 && globPattern.indexOf('?') < 0 && globPattern.indexOf('[') < 0) {
                ConfigOption o = config.option(pattern);
                if (o != null) {
                    matches.putIfAbsent(pattern.toLowerCase(Locale.ROOT), new String[] {pattern, config.get(o.name())});
                }
                continue;
            }
            byte[] glob = globPattern.getBytes(StandardCharsets.ISO_8859_1);
            for (Map.Entry<String, ConfigOption> e : config.registeredNames().entrySet()) {
                String name = e.getKey();
                if (!e.getValue().hidden() && !matches.containsKey(name)
                        && GlobMatcher.matches(glob, name.getBytes(StandardCharsets.ISO_8859_1), true)) {
                    matches.put(name, new String[] {name, config.get(e.getValue().name())});
                }
            }
        }
        c.reply().mapHeader(matches.size());
        for (String[] pair : matches.values()) {
            c.reply().bulk(Args.bytes(pair[0]));
            c.reply().bulk(Args.bytes(pair[1]));
        }
    }

    private void set(Client c, byte[][] argv) {
        if (argv.length % 2 != 0) {
            throw Errors.syntax();
        }
        ServerConfig config = server.config();
        List<Requested> requested = new ArrayList<>();
        String unknown = null;
        String refusal = null;
        String refusedName = null;
        boolean refusedWhileLoading = false;
        for (int i = 2; i < argv.length; i += 2) {
            String name = Args.str(argv[i]);
            ConfigOption o = config.option(name);
            if (o == null) {
                if (refusal == null && unknown == null) {
                    unknown = name;
                }
                continue;
            }
            if (o.sensitive()) {
                c.redactArgument(i + 1);
            }
            if (unknown != null || refusal != null) {
                continue;
            }
            if (!o.mutable() || (o.protectedConfig()
                    && !ProtectedActions.allowed(config.get("enable-protected-configs"), c))) {
                refusal = o.mutable() ? "can't set protected config" : "can't set immutable config";
                refusedName = name;
                continue;
            }
            // Redis counts a swapdb load (the old dataset still served) as loading here too.
            if (o.denyLoading() && (server.persistence().loading() || server.persistence().asyncLoading())) {
                refusal = LOADING;
                refusedWhileLoading = true;
                continue;
            }
            // An alias is a config of its own to Redis: only the same spelling counts as given twice.
            for (Requested earlier : requested) {
                if (earlier.option == o && earlier.name.equalsIgnoreCase(name)) {
                    refusal = "duplicate parameter";
                    refusedName = name;
                }
            }
            requested.add(new Requested(o, name.toLowerCase(Locale.ROOT), Args.str(argv[i + 1])));
        }
        if (unknown != null) {
            throw new CommandError("ERR Unknown option or number of arguments for CONFIG SET - '" + Args.cString(unknown) + "'");
        }
        if (refusedWhileLoading) {
            throw new CommandError(LOADING);
        }
        if (refusal != null) {
            throw failed(refusedName, refusal);
        }
        // Set one after the other, as Redis does: an option given under its name and its alias keeps the last value.
        Map<ConfigOption, String> canonical = new LinkedHashMap<>();
        for (Requested r : requested) {
            try {
                canonical.put(r.option, config.validate(r.option, r.value));
            } catch (ConfigException ex) {
                throw failed(r.name, ex.getMessage());
            }
        }
        Map<String, String> byName = new LinkedHashMap<>();
        canonical.forEach((option, value) -> byName.put(option.name(), value));
        if (!c.denyBlocking() && server.tls().rebuiltBy(byName)) {
            // The client waits for its reply while the TLS contexts are built off the command thread.
            DeferredReply reply = server.executor().defer(c, setSpec, argv);
            server.tls().buildAhead(byName, server.eventLoop(), () -> storeBuiltAhead(reply, canonical));
            return;
        }
        store(canonical);
        c.reply().ok();
    }

    /** One name/value pair of a CONFIG SET, with the name as spelt in errors (lowercase, alias kept). */
    private record Requested(ConfigOption option, String name, String value) {
    }

    private void store(Map<ConfigOption, String> canonical) {
        try {
            server.config().storeAll(canonical);
        } catch (ServerConfig.ApplyFailure ex) {
            throw failed(ex.option(), ex.getMessage());
        }
    }

    /** Stores a CONFIG SET whose TLS contexts were built ahead, and answers the client that waited for it. */
    private void storeBuiltAhead(DeferredReply reply, Map<ConfigOption, String> canonical) {
        try {
            store(canonical);
        } catch (CommandError e) {
            reply.finish(e.getMessage());
            return;
        }
        reply.finish(null);
    }

    private static CommandError failed(String name, String reason) {
        return new CommandError("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    private void resetStat(Client c, byte[][] argv) {
        server.stats().reset();
        server.commands().resetStats();
        server.latencyHistograms().reset();
        server.replication().stats().reset();
        c.reply().ok();
    }

    private void rewrite(Client c, byte[][] argv) {
        if (server.config().configFile() == null) {
            throw new CommandError("ERR The server is running without a config file");
        }
        try {
            ConfigRewriter.rewrite(server.config());
        } catch (IOException e) {
            server.log().warning("CONFIG REWRITE failed: " + e.getMessage());
            throw new CommandError("ERR Rewriting config file: " + e.getMessage());
        }
        server.log().notice("CONFIG REWRITE executed with success.");
        c.reply().ok();
    }
}
