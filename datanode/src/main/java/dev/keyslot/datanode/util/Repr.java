package dev.keyslot.datanode.util;

/** Redis's sdscatrepr: a double-quoted string with C escapes, as config files, the AOF manifest and MONITOR write it. */
public final class Repr {
    private Repr() {
    }

    public static String of(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int k = 0; k < s.length(); k++) {
            appendEscaped(sb, s.charAt(k) & 0xff);
        }
        return sb.append('"').toString();
    }

    /** Appends the quoted form of bytes to sb, one char per output byte. */
    public static void append(StringBuilder sb, byte[] bytes) {
        sb.append('"');
        for (byte b : bytes) {
            appendEscaped(sb, b & 0xff);
        }
        sb.append('"');
    }

    private static void appendEscaped(StringBuilder sb, int ch) {
        switch (ch) {
            case '\\' -> sb.append("\\\\");
            case '"' -> sb.append("\\\"");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            default -> {
                if (ch >= 32 && ch < 127) {
                    sb.append((char) ch);
                } else {
                    sb.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
                }
            }
        }
    }
}
