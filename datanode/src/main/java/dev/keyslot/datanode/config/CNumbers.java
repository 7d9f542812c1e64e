package dev.keyslot.datanode.config;

/** C's strtoll as Redis's config parsers call it (they check the end pointer, seldom errno). */
final class CNumbers {
    private CNumbers() {
    }

    /**
     * What strtoll made of text: the value (saturated on overflow), whether it overflowed, and the text after
     * the number (all of text when there was no number). Reads text as a C string, so a NUL ends it.
     */
    record Parsed(long value, boolean overflow, String rest) {
    }

    static Parsed strtoll(String text, int base) {
        String s = ConfigType.cString(text);
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digitsFrom = i;
        long magnitude = 0;
        boolean overflow = false;
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        while (i < s.length() && Character.digit(s.charAt(i), base) >= 0 && s.charAt(i) < 128) {
            int d = Character.digit(s.charAt(i), base);
            // Accumulated negatively so that Long.MIN_VALUE fits.
            if (!overflow && (magnitude < (limit + d) / base)) {
                overflow = true;
            }
            if (!overflow) {
                magnitude = magnitude * base - d;
            }
            i++;
        }
        if (i == digitsFrom) {
            return new Parsed(0, false, s);
        }
        long value = overflow ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : negative ? magnitude : -magnitude;
        return new Parsed(value, overflow, s.substring(i));
    }

    /** strtoll with the whole text a number; null when anything follows it (overflow saturates, as unchecked). */
    static Long strtollWhole(String text) {
        Parsed p = strtoll(text, 10);
        return p.rest().isEmpty() ? p.value() : null;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
