package dev.keyslot.datanode.command.pubsub;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.pubsub.ChannelKind;
import dev.keyslot.datanode.pubsub.PubSub;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.List;
import java.util.Locale;

/** SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH SSUBSCRIBE SUNSUBSCRIBE SPUBLISH and PUBSUB. */
public final class PubSubCommands implements CommandGroup {
    private static final List<String> HELP = List.of(
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.");

    private final PubSub pubsub;
    private final Server server;

    public PubSubCommands(Server server) {
        this.server = server;
        this.pubsub = server.pubsub();
        server.executor().addFilter(new SubscribedModeFilter());
    }

    @Override
    public void register(CommandTable t) {
        t.add("subscribe", -2, "pubsub noscript loading stale", "", this::subscribe);
        t.add("unsubscribe", -1, "pubsub noscript loading stale", "", this::unsubscribe);
        t.add("psubscribe", -2, "pubsub noscript loading stale", "", this::psubscribe);
        t.add("punsubscribe", -1, "pubsub noscript loading stale", "", this::punsubscribe);
        t.add("publish", 3, "pubsub loading stale fast may_replicate", "", (c, argv) -> {
            c.reply().integer(publish(argv[1], argv[2], ChannelKind.GLOBAL));
            forceToReplicas();
        });
        t.add("ssubscribe", -2, "pubsub noscript loading stale", 1, -1, 1, "", this::ssubscribe)
                .keySpecFlags("not_key");
        t.add("sunsubscribe", -1, "pubsub noscript loading stale", 1, -1, 1, "", this::sunsubscribe)
                .keySpecFlags("not_key");
        t.add("spublish", 3, "pubsub loading stale fast may_replicate", 1, 1, 1, "", (c, argv) -> {
            c.reply().integer(publish(argv[1], argv[2], ChannelKind.SHARD));
            forceToReplicas();
        }).keySpecFlags("not_key");
        CommandSpec container = t.container("pubsub", "");
        container.sub("channels", -2, "pubsub loading stale", "", (c, argv) -> channels(c, argv, ChannelKind.GLOBAL));
        container.sub("numsub", -2, "pubsub loading stale", "", (c, argv) -> numsub(c, argv, ChannelKind.GLOBAL));
        container.sub("numpat", 2, "pubsub loading stale", "", (c, argv) -> c.reply().integer(pubsub.patternCount()));
        container.sub("shardchannels", -2, "pubsub loading stale", "",
                (c, argv) -> channels(c, argv, ChannelKind.SHARD));
        container.sub("shardnumsub", -2, "pubsub loading stale", "", (c, argv) -> numsub(c, argv, ChannelKind.SHARD));
        container.sub("help", 2, "loading stale", "", this::help);
    }

    /** Delivers locally and, in cluster mode, to the other nodes (all of them, or the shard's for SPUBLISH). */
    private int publish(byte[] channel, byte[] message, ChannelKind kind) {
        int receivers = pubsub.publish(channel, message, kind);
        if (server.cluster() != null) {
            server.cluster().propagatePublish(channel, message, kind == ChannelKind.SHARD);
        }
        return receivers;
    }

    /** Outside cluster mode replicas receive every message too (their own subscribers get it). */
    private void forceToReplicas() {
        if (server.cluster() == null) {
            server.propagator().forceToReplicas();
        }
    }

    private void subscribe(Client c, byte[][] argv) {
        if (c.denyBlocking() && !c.multi().inMulti()) {
            throw new CommandError("ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.subscribe(c, argv[i], ChannelKind.GLOBAL);
        }
    }

    private void ssubscribe(Client c, byte[][] argv) {
        if (c.denyBlocking()) {
            throw new CommandError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.subscribe(c, argv[i], ChannelKind.SHARD);
        }
    }

    private void psubscribe(Client c, byte[][] argv) {
        if (c.denyBlocking() && !c.multi().inMulti()) {
            throw new CommandError("ERR PSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.psubscribe(c, argv[i]);
        }
    }

    private void unsubscribe(Client c, byte[][] argv) {
        unsubscribe(c, argv, ChannelKind.GLOBAL);
    }

    private void sunsubscribe(Client c, byte[][] argv) {
        unsubscribe(c, argv, ChannelKind.SHARD);
    }

    private void unsubscribe(Client c, byte[][] argv, ChannelKind kind) {
        if (argv.length == 1) {
            pubsub.unsubscribeAll(c, kind);
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.unsubscribe(c, argv[i], kind);
        }
    }

    private void punsubscribe(Client c, byte[][] argv) {
        if (argv.length == 1) {
            pubsub.punsubscribeAll(c);
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.punsubscribe(c, argv[i]);
        }
    }

    private void channels(Client c, byte[][] argv, ChannelKind kind) {
        if (argv.length > 3) {
            throw Errors.subcommandSyntax(argv);
        }
        List<byte[]> names = pubsub.channels(argv.length == 3 ? argv[2] : null, kind);
        c.reply().arrayHeader(names.size());
        for (byte[] name : names) {
            c.reply().bulk(name);
        }
    }

    private void numsub(Client c, byte[][] argv, ChannelKind kind) {
        c.reply().arrayHeader((argv.length - 2) * 2L);
        for (int i = 2; i < argv.length; i++) {
            c.reply().bulk(argv[i]);
            c.reply().integer(pubsub.subscriberCount(argv[i], kind));
        }
    }

    private void help(Client c, byte[][] argv) {
        c.reply().arrayHeader(HELP.size() + 1);
        c.reply().simple(Args.str(argv[0]).toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : HELP) {
            c.reply().simple(line);
        }
    }

}
