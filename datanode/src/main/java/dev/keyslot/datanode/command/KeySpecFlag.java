package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.List;

/**
 * How a command uses a key (the flags of a key spec), with the names COMMAND INFO and COMMAND
 * GETKEYSANDFLAGS print, in the order they print them. RO/RW/OW/RM say what happens to the key as a whole;
 * access/update/insert/delete what happens to its value (ACL %R and %W permissions follow these).
 */
public enum KeySpecFlag {
    RO("RO"),
    RW("RW"),
    OW("OW"),
    RM("RM"),
    ACCESS("access"),
    UPDATE("update"),
    INSERT("insert"),
    DELETE("delete"),
    NOT_KEY("not_key"),
    INCOMPLETE("incomplete"),
    VARIABLE_FLAGS("variable_flags");

    private final String wireName;

    KeySpecFlag(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public boolean in(int flags) {
        return (flags & bit()) != 0;
    }

    /** Bits of space-separated wire names, e.g. "RW access update". */
    public static int parse(String names) {
        int bits = 0;
        for (String name : names.trim().split("\\s+")) {
            if (!name.isEmpty()) {
                bits |= byWireName(name).bit();
            }
        }
        return bits;
    }

    /** The wire names of the set bits, in printing order. */
    public static List<String> names(int flags) {
        List<String> names = new ArrayList<>();
        for (KeySpecFlag f : values()) {
            if (f.in(flags)) {
                names.add(f.wireName);
            }
        }
        return names;
    }

    private static KeySpecFlag byWireName(String name) {
        for (KeySpecFlag f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown key spec flag " + name);
    }
}
