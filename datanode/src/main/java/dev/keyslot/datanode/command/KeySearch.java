package dev.keyslot.datanode.command;

import dev.keyslot.datanode.util.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a request's keys with their flags, as COMMAND GETKEYSANDFLAGS and ACL key checks do in Redis 7.0
 * (getKeysFromCommandWithSpecs): by the key specs when they can tell (in spec order, skipping not_key
 * specs); otherwise, for specs that are unknown, incomplete or do not fit the arguments, and for keys whose
 * flags vary with the arguments, by the command's own key finder.
 */
public final class KeySearch {
    /** A key argument's position in argv and its key spec flags ({@link KeySpecFlag} bits). */
    public record KeyReference(int position, int flags) {
    }

    private KeySearch() {
    }

    /** Whether the command takes keys at all (COMMAND GETKEYS answers "no key arguments" otherwise). */
    public static boolean hasKeys(CommandSpec spec) {
        for (KeySpec s : spec.keySpecs()) {
            if (!s.has(KeySpecFlag.NOT_KEY)) {
                return true;
            }
        }
        return spec.findsOwnKeys();
    }

    public static List<KeyReference> keys(CommandSpec spec, byte[][] argv) {
        boolean variableFlags = false;
        for (KeySpec s : spec.keySpecs()) {
            variableFlags |= s.has(KeySpecFlag.VARIABLE_FLAGS);
        }
        if (hasKeys(spec) && !variableFlags) {
            List<KeyReference> found = bySpecs(spec, argv);
            if (found != null) {
                return found;
            }
        }
        List<KeyReference> found = new ArrayList<>();
        if (!spec.findsOwnKeys()) {
            return found;
        }
        for (int position : spec.keyPositions(argv)) {
            found.add(new KeyReference(position, spec.foundKeyFlags(argv, position)));
        }
        return found;
    }

    /** The keys the specs find; null when a spec cannot tell them. */
    private static List<KeyReference> bySpecs(CommandSpec spec, byte[][] argv) {
        List<KeyReference> found = new ArrayList<>();
        for (KeySpec s : spec.keySpecs()) {
            if (s.has(KeySpecFlag.NOT_KEY)) {
                continue;
            }
            int first = firstKey(s, argv);
            if (first == KEYWORD_ABSENT) {
                continue;
            }
            if (first == UNKNOWN || !addKeys(s, first, argv, found) || s.has(KeySpecFlag.INCOMPLETE)) {
                return null;
            }
        }
        return found;
    }

    private static final int KEYWORD_ABSENT = 0;
    private static final int UNKNOWN = -1;

    private static int firstKey(KeySpec s, byte[][] argv) {
        if (s.begin() instanceof KeySpec.Index index) {
            return index.position();
        }
        if (!(s.begin() instanceof KeySpec.Keyword keyword)) {
            return UNKNOWN;
        }
        String lowercaseKeyword = keyword.keyword().toLowerCase(Locale.ROOT);
        int argc = argv.length;
        int from = keyword.startFrom() > 0 ? keyword.startFrom() : argc + keyword.startFrom();
        int to = keyword.startFrom() > 0 ? argc - 1 : 1;
        for (int i = from; i != to; i = from <= to ? i + 1 : i - 1) {
            if (i >= argc || i < 1) {
                break;
            }
            if (Args.is(argv[i], lowercaseKeyword)) {
                return i + 1;
            }
        }
        return KEYWORD_ABSENT;
    }

    /** Adds the keys from first on; false when the spec does not fit the arguments. */
    private static boolean addKeys(KeySpec s, int first, byte[][] argv, List<KeyReference> found) {
        int argc = argv.length;
        int last;
        int step;
        if (s.find() instanceof KeySpec.Range range) {
            step = range.keyStep();
            if (range.lastKey() >= 0) {
                last = first + range.lastKey();
            } else if (range.limit() == 0) {
                last = argc + range.lastKey();
            } else {
                last = first + ((argc - first) / range.limit() + range.lastKey());
            }
        } else if (s.find() instanceof KeySpec.Keynum keynum) {
            step = keynum.keyStep();
            if (keynum.keynumIndex() >= argc || first + keynum.keynumIndex() >= argc) {
                return false;
            }
            long[] count = new long[1];
            if (!Numbers.parseLong(argv[first + keynum.keynumIndex()], count) || count[0] < 0) {
                return false;
            }
            first += keynum.firstKey();
            last = first + (int) count[0] - 1;
        } else {
            return false;
        }
        if (last >= argc || last < first || first >= argc) {
            return false;
        }
        for (int i = first; i <= last; i += step) {
            found.add(new KeyReference(i, s.flags()));
        }
        return true;
    }
}
