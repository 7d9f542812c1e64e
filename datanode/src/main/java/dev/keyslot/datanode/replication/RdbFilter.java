package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.util.ArgSplitter;

import java.util.List;

/**
 * What a replica's snapshot carries (REPLCONF rdb-filter-only): everything, or only the parts it names. The
 * one part that can be named is "functions"; an empty list asks for an RDB with neither keys nor functions
 * (redis-cli --replica, which wants the command stream only). Replicas share a snapshot only with equal filters.
 */
record RdbFilter(boolean keys, boolean functions) {
    static final RdbFilter EVERYTHING = new RdbFilter(true, true);

    static RdbFilter including(byte[] spec) {
        List<byte[]> parts = ArgSplitter.split(spec);
        if (parts == null) {
            throw new CommandError("ERR Missing rdb-filter-only values");
        }
        boolean functions = false;
        for (byte[] part : parts) {
            if (!Args.is(part, "functions")) {
                throw new CommandError("ERR Unsupported rdb-filter-only option: " + Args.cString(part));
            }
            functions = true;
        }
        return new RdbFilter(false, functions);
    }

    /** A filtered snapshot always goes over the socket, never into a file another save could use. */
    boolean filtered() {
        return !keys || !functions;
    }
}
