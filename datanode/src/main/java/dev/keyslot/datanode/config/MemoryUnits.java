package dev.keyslot.datanode.config;

import java.util.Locale;

/** Redis's memtoull: an unsigned number with an optional unit b, k, kb, m, mb, g, gb (case-insensitive). */
public final class MemoryUnits {
    private MemoryUnits() {
    }

    /**
     * The byte count, or null when the text is not a memory value. Like memtoull, which reads a C string, it
     * stops at a NUL, and a unit without digits ("", "k") counts as 0.
     */
    public static Long parse(String text) {
        int nul = text.indexOf('\0');
        String s = (nul < 0 ? text : text.substring(0, nul)).toLowerCase(Locale.ROOT);
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
        if (mul < 0) {
            return null;
        }
        if (digits.isEmpty()) {
            return 0L;
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * The value exactly as memtoull computes it, as unsigned 64 bits, or null when the text is not a memory
     * value: digits beyond the 64-bit range saturate (strtoull's ERANGE is not checked) and the unit's multiple
     * wraps around; at most 127 digits; a leading '-' is refused.
     */
    public static Long memtoull(String text) {
        String s = ConfigType.cString(text).toLowerCase(Locale.ROOT);
        if (s.startsWith("-")) {
            return null;
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
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
        if (mul < 0 || i >= 128) {
            return null;
        }
        long value = 0;
        for (int j = 0; j < i; j++) {
            int digit = s.charAt(j) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                value = -1L;
                break;
            }
            value = value * 10 + digit;
        }
        return value * mul;
    }
}
