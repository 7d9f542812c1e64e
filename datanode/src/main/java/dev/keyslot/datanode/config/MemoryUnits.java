package dev.keyslot.datanode.config;

import java.util.Locale;

/** Redis's memtoull: an unsigned number with an optional unit b, k, kb, m, mb, g, gb (case-insensitive). */
public final class MemoryUnits {
    private MemoryUnits() {
    }

    /** The byte count, or null when the text is not a memory value. */
    public static Long parse(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        String digits = s.substring(0, i);
        long mul = switch (s.substring(i)) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (mul < 0 || digits.isEmpty()) {
            return null;
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
