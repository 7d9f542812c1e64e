package dev.keyslot.datanode.config;

import java.util.Locale;

/** Redis's memtoull: an unsigned number with an optional unit b, k, kb, m, mb, g, gb (case-insensitive). */
public final class MemoryUnits {
    private MemoryUnits() {
    }

    /** The digits' value (saturated at 2^64-1 when they overflow, as strtoull does) and the unit's multiple. */
    private record Scan(long digits, boolean saturated, long multiple) {
    }

    /**
     * The text read as memtoull reads it: a C string (up to a NUL), ASCII digits then a unit; a unit without
     * digits ("", "k") counts as 0; a leading '-' or 128 digits and more are refused. Null when refused.
     */
    private static Scan scan(String text) {
        String s = ConfigType.cString(text).toLowerCase(Locale.ROOT);
        if (s.startsWith("-")) {
            return null;
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        long multiple = switch (s.substring(i)) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (multiple < 0 || i >= 128) {
            return null;
        }
        long value = 0;
        for (int j = 0; j < i; j++) {
            int digit = s.charAt(j) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                return new Scan(-1L, true, multiple);
            }
            value = value * 10 + digit;
        }
        return new Scan(value, false, multiple);
    }

    /** The byte count, or null when the text is not a memory value or the count does not fit a signed long. */
    public static Long parse(String text) {
        Scan scan = scan(text);
        if (scan == null || scan.saturated() || scan.digits() < 0) {
            return null;
        }
        try {
            return Math.multiplyExact(scan.digits(), scan.multiple());
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * The value exactly as memtoull computes it, as unsigned 64 bits, or null when the text is not a memory
     * value: digits beyond the 64-bit range saturate (strtoull's ERANGE is not checked) and the unit's multiple
     * wraps around.
     */
    public static Long memtoull(String text) {
        Scan scan = scan(text);
        return scan == null ? null : scan.digits() * scan.multiple();
    }
}
