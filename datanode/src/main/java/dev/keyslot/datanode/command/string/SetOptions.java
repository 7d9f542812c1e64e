package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;

/**
 * The options SET and GETEX share, parsed with Redis's exact acceptance rules: repeating an option is
 * allowed (the last expiry wins), combining conflicting ones is a syntax error.
 */
final class SetOptions {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int GET = 1 << 2;
    static final int KEEPTTL = 1 << 3;
    static final int PERSIST = 1 << 4;
    static final int EX = 1 << 5;
    static final int PX = 1 << 6;
    static final int EXAT = 1 << 7;
    static final int PXAT = 1 << 8;
    private static final int ANY_EXPIRY = EX | PX | EXAT | PXAT;

    int flags;
    /** Index of the expiry argument in argv, or -1. */
    int expireIndex = -1;

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ts | KEEPTTL]. */
    static SetOptions forSet(byte[][] argv) {
        return parse(argv, 3, true);
    }

    /** GETEX key [EX s | PX ms | EXAT ts | PXAT ts | PERSIST]. */
    static SetOptions forGetex(byte[][] argv) {
        return parse(argv, 2, false);
    }

    private static SetOptions parse(byte[][] argv, int from, boolean set) {
        SetOptions o = new SetOptions();
        for (int j = from; j < argv.length; j++) {
            byte[] a = argv[j];
            boolean hasNext = j + 1 < argv.length;
            int f = o.flags;
            if (set && Args.is(a, "nx") && (f & XX) == 0) {
                o.flags |= NX;
            } else if (set && Args.is(a, "xx") && (f & NX) == 0) {
                o.flags |= XX;
            } else if (set && Args.is(a, "get")) {
                o.flags |= GET;
            } else if (set && Args.is(a, "keepttl") && (f & (PERSIST | ANY_EXPIRY)) == 0) {
                o.flags |= KEEPTTL;
            } else if (!set && Args.is(a, "persist") && (f & (KEEPTTL | ANY_EXPIRY)) == 0) {
                o.flags |= PERSIST;
            } else if (hasNext && (f & (KEEPTTL | PERSIST)) == 0 && o.expiryKeyword(a, f)) {
                o.expireIndex = ++j;
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    /** Accepts EX, PX, EXAT or PXAT unless a different one of them was given before. */
    private boolean expiryKeyword(byte[] a, int f) {
        int kind;
        if (Args.is(a, "ex")) {
            kind = EX;
        } else if (Args.is(a, "px")) {
            kind = PX;
        } else if (Args.is(a, "exat")) {
            kind = EXAT;
        } else if (Args.is(a, "pxat")) {
            kind = PXAT;
        } else {
            return false;
        }
        if ((f & ANY_EXPIRY & ~kind) != 0) {
            return false;
        }
        flags |= kind;
        return true;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The absolute expiry time in milliseconds, validated as Redis does. */
    long expireAt(byte[][] argv, long now, String command) {
        return expireAt(argv[expireIndex], has(EX) || has(EXAT), has(EX) || has(PX), now, command);
    }

    /** Converts an EX/PX/EXAT/PXAT argument to an absolute time, with Redis's validation and overflow rules. */
    static long expireAt(byte[] arg, boolean seconds, boolean relative, long now, String command) {
        long v = Args.toLong(arg);
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
            throw invalidExpire(command);
        }
        if (seconds) {
            v *= 1000;
        }
        if (relative) {
            v += now;
        }
        if (v <= 0) {
            throw invalidExpire(command);
        }
        return v;
    }

    private static CommandError invalidExpire(String command) {
        return new CommandError(Errors.INVALID_EXPIRE_PREFIX + command + "' command");
    }
}
