package dev.keyslot.datanode.util;

/** Redis's sdscatrepr: a double-quoted string with C escapes, as config files and the AOF manifest write it. */
public final class Repr {
    private Repr() {
    }

    public static String of(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
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
                        sb.append(ch);
                    } else {
                        sb.append(String.format("\\x%02x", ch & 0xff));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
