package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.KeyEntry;

/**
 * Support for commands that change a string in place (SETRANGE, SETBIT, BITFIELD): like Redis's
 * dbUnshareStringValue, the entry first gets an array of its own (flagged raw), which later edits may
 * then modify without copying.
 */
final class OwnedStrings {
    static final String TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private OwnedStrings() {
    }

    /** Redis's checkStringLength: the result of growing size by append bytes must fit the bulk limit. */
    static void checkLength(long size, long append, long maxBulkLength) {
        long total = size + append;
        if (total > maxBulkLength || total < size || total < append || total > MAX_ARRAY) {
            throw new CommandError(TOO_LONG);
        }
    }

    /**
     * Makes the entry's value an array it owns, at least minLength bytes long (zero padded); returns it.
     * Does not signal the change: the caller does when the content really changed.
     */
    static byte[] own(KeyEntry e, long minLength) {
        byte[] current = (byte[]) e.value;
        if (e.ownsString() && current.length >= minLength) {
            e.setRawString(true);
            return current;
        }
        byte[] owned = allocate(Math.max(current.length, minLength));
        System.arraycopy(current, 0, owned, 0, current.length);
        e.value = owned;
        e.setRawString(true);
        return owned;
    }

    /**
     * A zero-filled array for a string of the given length. Refusing a request the heap cannot satisfy
     * keeps the server up where Redis would have the memory (or abort).
     */
    static byte[] allocate(long length) {
        if (length > MAX_ARRAY) {
            throw new CommandError(TOO_LONG);
        }
        try {
            return new byte[(int) length];
        } catch (OutOfMemoryError e) {
            throw new CommandError(Errors.OOM);
        }
    }
}
