package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.command.CommandError;

/** Client names are printable ASCII without spaces, so CLIENT LIST stays parseable. */
final class ClientNames {
    private ClientNames() {
    }

    static void validate(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }
}
