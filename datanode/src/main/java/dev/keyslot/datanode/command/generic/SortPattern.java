package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.hash.HashValue;

/**
 * A SORT BY / GET pattern (Redis's lookupKeyByPattern): "#" is the element itself; otherwise the first '*'
 * is replaced by the element to form a key name, whose string value is used, or with a "->field" suffix
 * the field of the hash stored there. Patterns are C strings to Redis: a NUL byte ends the search for
 * '*' and "->".
 */
final class SortPattern {
    private final byte[] pattern;
    private final boolean self;
    /** Index of the '*', or -1 when the pattern never names a key. */
    private final int star;
    private final byte[] field;

    SortPattern(byte[] pattern) {
        this.pattern = pattern;
        this.self = pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0);
        this.star = indexOf(pattern, 0, (byte) '*');
        this.field = star < 0 ? null : fieldOf(pattern, star + 1);
    }

    boolean hasStar() {
        return star >= 0;
    }

    private static int indexOf(byte[] b, int from, byte c) {
        for (int i = from; i < b.length && b[i] != 0; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] fieldOf(byte[] p, int from) {
        for (int i = from; i + 1 < p.length && p[i] != 0 && p[i + 1] != 0; i++) {
            if (p[i] == '-' && p[i + 1] == '>') {
                if (i + 2 >= p.length || p[i + 2] == 0) {
                    return null;
                }
                byte[] f = new byte[p.length - i - 2];
                System.arraycopy(p, i + 2, f, 0, f.length);
                return f;
            }
        }
        return null;
    }

    /** The value the pattern designates for element, or null when the key, field or type does not fit. */
    byte[] resolve(TypedLookup lookup, Database db, byte[] element) {
        if (self) {
            return element;
        }
        if (star < 0) {
            return null;
        }
        int postfix = pattern.length - star - 1 - (field == null ? 0 : field.length + 2);
        byte[] key = new byte[star + element.length + postfix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfix);
        KeyEntry e = lookup.read(db, key);
        if (e == null) {
            return null;
        }
        if (field != null) {
            return e.value instanceof HashValue hash ? hash.get(field) : null;
        }
        return e.value instanceof byte[] s ? s : null;
    }
}
