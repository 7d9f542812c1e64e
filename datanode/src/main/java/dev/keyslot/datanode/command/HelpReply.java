package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

import java.util.Locale;

/** The reply of "X HELP": a header naming the command as typed, the given lines, then the HELP entry. */
public final class HelpReply {
    private HelpReply() {
    }

    public static void send(Client c, byte[] commandName, String... lines) {
        var r = c.reply();
        r.arrayHeader(lines.length + 3L);
        r.simple(Args.str(commandName).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            r.simple(line);
        }
        r.simple("HELP");
        r.simple("    Prints this help.");
    }
}
