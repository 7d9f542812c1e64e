package dev.keyslot.datanode.command;

import dev.keyslot.datanode.protocol.Reply;

/** Redis's addReplyHelp: the usage line, the command's lines, then the standard HELP entry, as status lines. */
public final class Help {
    private Help() {
    }

    public static void reply(Reply reply, String command, String... lines) {
        reply.arrayHeader(lines.length + 3);
        reply.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.simple(line);
        }
        reply.simple("HELP");
        reply.simple("    Prints this help.");
    }
}
