package dev.keyslot.datanode.command;

import java.util.List;

/**
 * One argument of a command as COMMAND DOCS describes it: its type (key, string, integer, double, pattern,
 * unix-time, pure-token, oneof, block), the token that precedes it, whether it may be left out or repeated,
 * and the arguments a oneof chooses from or a block is made of.
 */
record DocArgument(String name, String type, String token, boolean optional, boolean multiple,
                   boolean multipleToken, List<DocArgument> children) {
}
