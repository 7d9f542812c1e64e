package dev.keyslot.datanode.acl;

import java.nio.charset.StandardCharsets;

/** A key glob of a selector with the access it grants: %R~ (read), %W~ (write) or ~ (both). */
final class KeyPattern {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int ALL = READ | WRITE;

    final String pattern;
    final byte[] patternBytes;
    int access;

    KeyPattern(String pattern, int access) {
        this.pattern = pattern;
        this.patternBytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
        this.access = access;
    }

    KeyPattern copy() {
        return new KeyPattern(pattern, access);
    }

    /** The rule that creates this pattern: "~p", "%R~p" or "%W~p". */
    String rule() {
        return switch (access) {
            case READ -> "%R~" + pattern;
            case WRITE -> "%W~" + pattern;
            default -> "~" + pattern;
        };
    }
}
