package dev.keyslot.datanode.command;

import java.util.List;
import java.util.Locale;

/**
 * A command or subcommand (words "OBJECT", "ENCODING") with its group ("list", "sorted-set", "generic", ...)
 * and the argument grammar COMMAND DOCS gives it.
 */
record DocCommand(List<String> words, String group, List<DocArgument> arguments) {
    /** The name as COMMAND DOCS spells it: lower case, subcommands after a '|'. */
    String fullName() {
        return String.join("|", words).toLowerCase(Locale.ROOT);
    }
}
