package dev.keyslot.datanode.command;

import dev.keyslot.datanode.util.Numbers;

import java.util.ArrayList;
import java.util.List;

/**
 * Key positions of commands whose keys move with their arguments (Redis's getkeys procs), for cluster
 * routing, COMMAND GETKEYS and client tracking. A malformed count yields no keys: the command itself
 * then reports the error.
 */
public final class KeyFinders {
    private KeyFinders() {
    }

    /** "numkeys key [key ...]" with numkeys at index (ZUNION, ZINTERCARD, SINTERCARD, LMPOP, ZMPOP...). */
    public static CommandSpec.KeyFinder numkeysAt(int index) {
        return argv -> keysAfterCount(argv, index, new ArrayList<>());
    }

    /**
     * "destination numkeys key [key ...]" (ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE): the source keys, then the
     * destination, the order Redis's proc lists them in (COMMAND GETKEYS shows it when numkeys is not a plain number).
     */
    public static CommandSpec.KeyFinder destinationThenNumkeys() {
        return argv -> {
            List<Integer> positions = keysAfterCount(argv, 2, new ArrayList<>());
            if (!positions.isEmpty()) {
                positions.add(1);
            }
            return positions;
        };
    }

    private static List<Integer> keysAfterCount(byte[][] argv, int index, List<Integer> positions) {
        if (index >= argv.length) {
            return List.of();
        }
        // Read as Redis's genericGetKeys reads it (atoi), so that COMMAND GETKEYS agrees on malformed counts.
        int count = Numbers.atoi(argv[index]);
        if (count <= 0 || count > argv.length - index - 1) {
            return List.of();
        }
        for (int i = 0; i < count; i++) {
            positions.add(index + 1 + i);
        }
        return positions;
    }

    /**
     * SORT key [... STORE destination ...]: the sorted key and the destination of the last STORE, which is
     * the one SORT uses. Like Redis's sortGetKeys, this does not skip the argument after STORE.
     */
    public static List<Integer> sort(byte[][] argv) {
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            if (skipsArguments(argv[i]) > 0) {
                i += skipsArguments(argv[i]);
            } else if (Args.is(argv[i], "store") && i + 1 < argv.length) {
                store = i + 1;
            }
        }
        return store < 0 ? List.of(1) : List.of(1, store);
    }

    /** GEORADIUS and GEORADIUSBYMEMBER: the key, and the last STORE or STOREDIST key given. */
    public static List<Integer> georadius(byte[][] argv) {
        int store = -1;
        for (int i = 5; i + 1 < argv.length; i++) {
            if (Args.is(argv[i], "store") || Args.is(argv[i], "storedist")) {
                store = ++i;
            }
        }
        return store < 0 ? List.of(1) : List.of(1, store);
    }

    /** SORT options followed by arguments that are not keys. */
    private static int skipsArguments(byte[] option) {
        if (Args.is(option, "limit")) {
            return 2;
        }
        if (Args.is(option, "get") || Args.is(option, "by")) {
            return 1;
        }
        return 0;
    }
}
