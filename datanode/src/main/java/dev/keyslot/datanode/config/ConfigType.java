package dev.keyslot.datanode.config;

import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How an option's text is validated and normalised, mirroring Redis's typed configs and their errors. */
public abstract sealed class ConfigType {

    /**
     * Parses the user's text into the canonical text stored and printed by CONFIG GET. Some directives
     * update only part of the current value (client-output-buffer-limit per class), hence current.
     */
    public abstract String normalise(String current, String value) throws ConfigException;

    /** True for directives taking several words (save 900 1 300 10); CONFIG SET splits their value on spaces. */
    public boolean multiArg() {
        return false;
    }

    public static ConfigType bool() {
        return new Bool();
    }

    /** A signed integer (int, long long, ssize_t, time_t, off_t in Redis) within [min, max]. */
    public static ConfigType integer(long min, long max) {
        return new Int(min, max, false, Int.PLAIN);
    }

    /**
     * An unsigned integer (unsigned int, unsigned long, size_t): Redis compares the parsed value as unsigned,
     * so a negative one is out of range rather than below it.
     */
    public static ConfigType unsignedInteger(long min, long max) {
        return new Int(min, max, true, Int.PLAIN);
    }

    /** A signed byte count accepting Redis's units (1k, 5mb, 2gb; k=1000, kb=1024). */
    public static ConfigType memory(long min, long max) {
        return new Int(min, max, false, Int.MEMORY);
    }

    /** An unsigned byte count; max is an unsigned 64-bit value (-1 for ULLONG_MAX). */
    public static ConfigType unsignedMemory(long min, long max) {
        return new Int(min, max, true, Int.MEMORY);
    }

    /** A byte count or "N%" (stored negated, as Redis does), with -min the largest percentage. */
    public static ConfigType memoryOrPercent(long min, long max) {
        return new Int(min, max, false, Int.MEMORY | Int.PERCENT);
    }

    /** An unsigned number written in octal (unixsocketperm). */
    public static ConfigType octal(long min, long max) {
        return new Int(min, max, true, Int.OCTAL);
    }

    public static ConfigType string() {
        return new Str(false, null);
    }

    /** A string config whose value the validator checks (it gets the text up to any NUL). */
    public static ConfigType string(Validator check) {
        return new Str(false, check);
    }

    /** A string kept byte for byte, NULs included (Redis's SDS configs: requirepass, masterauth). */
    public static ConfigType binaryString() {
        return new Str(true, null);
    }

    public static ConfigType oneOf(String... values) {
        return new Enum(List.of(values), Map.of());
    }

    /** Like {@link #oneOf}, where synonym means the same as printedAs, which CONFIG GET prints for both. */
    public static ConfigType oneOfWithSynonym(String synonym, String printedAs, String... values) {
        return new Enum(List.of(values), Map.of(synonym, printedAs));
    }

    /** A single-word value with custom validation. */
    public static ConfigType special(Validator v) {
        return new Special(v, false);
    }

    /** A multi-word value with custom validation (save points, client-output-buffer-limit, ...). */
    public static ConfigType specialMultiArg(Validator v) {
        return new Special(v, true);
    }

    @FunctionalInterface
    public interface Validator {
        String normalise(String current, String value) throws ConfigException;
    }

    /** The text a C string holds: Redis reads most values with strcasecmp, strtoll and friends, which stop at a NUL. */
    static String cString(String value) {
        int nul = value.indexOf('\0');
        return nul < 0 ? value : value.substring(0, nul);
    }

    static final class Bool extends ConfigType {
        @Override
        public String normalise(String current, String value) throws ConfigException {
            String v = cString(value).toLowerCase(Locale.ROOT);
            if (v.equals("yes")) {
                return "yes";
            }
            if (v.equals("no")) {
                return "no";
            }
            throw new ConfigException("argument must be 'yes' or 'no'");
        }
    }

    /**
     * Redis's numeric configs: parsed as a memory value (memtoull), a percentage or an octal number as the flags
     * allow, else as a plain integer (string2ll); then checked against the bounds as the C type compares them;
     * printed back as CONFIG GET does (memory values unsigned, percentages with their sign dropped).
     */
    static final class Int extends ConfigType {
        static final int PLAIN = 0;
        static final int MEMORY = 1;
        static final int PERCENT = 2;
        static final int OCTAL = 4;

        private final long min;
        private final long max;
        private final boolean unsigned;
        private final int flags;

        Int(long min, long max, boolean unsigned, int flags) {
            this.min = min;
            this.max = max;
            this.unsigned = unsigned;
            this.flags = flags;
        }

        boolean isMemory() {
            return (flags & MEMORY) != 0;
        }

        @Override
        public String normalise(String current, String value) throws ConfigException {
            long v = parse(value);
            checkBounds(v);
            if ((flags & PERCENT) != 0 && v < 0) {
                return -v + "%";
            }
            if (isMemory()) {
                return Long.toUnsignedString(v);
            }
            return (flags & OCTAL) != 0 ? Long.toOctalString(v) : Long.toString(v);
        }

        private long parse(String value) throws ConfigException {
            if (isMemory()) {
                Long bytes = MemoryUnits.memtoull(value);
                if (bytes != null) {
                    return bytes;
                }
            }
            byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
            long[] out = new long[1];
            if ((flags & PERCENT) != 0 && b.length > 1 && b[b.length - 1] == '%'
                    && Numbers.parseLong(b, 0, b.length - 1, out) && out[0] >= 0) {
                return -out[0];
            }
            if ((flags & OCTAL) != 0) {
                CNumbers.Parsed p = CNumbers.strtoll(cString(value), 8);
                if (p != null && p.rest().isEmpty() && !p.overflow()) {
                    return p.value();
                }
            }
            if (flags == PLAIN && Numbers.parseLong(b, out)) {
                return out[0];
            }
            if (isMemory()) {
                throw new ConfigException((flags & PERCENT) != 0 ? "argument must be a memory or percent value"
                        : "argument must be a memory value");
            }
            throw new ConfigException((flags & OCTAL) != 0 ? "argument couldn't be parsed as an octal number"
                    : "argument couldn't be parsed into an integer");
        }

        private void checkBounds(long v) throws ConfigException {
            if (unsigned) {
                if (Long.compareUnsigned(v, max) > 0 || Long.compareUnsigned(v, min) < 0) {
                    boolean octal = (flags & OCTAL) != 0;
                    throw new ConfigException("argument must be between "
                            + (octal ? Long.toOctalString(min) : Long.toUnsignedString(min)) + " and "
                            + (octal ? Long.toOctalString(max) : Long.toUnsignedString(max)) + " inclusive");
                }
            } else if ((flags & PERCENT) != 0 && v < 0) {
                if (v < min) {
                    throw new ConfigException("percentage argument must be less or equal to " + -min);
                }
            } else if (v < min || v > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
        }
    }

    /** Redis's string configs keep a C string (cut at a NUL); its SDS configs (passwords) keep every byte. */
    static final class Str extends ConfigType {
        private final boolean binary;
        private final Validator check;

        Str(boolean binary, Validator check) {
            this.binary = binary;
            this.check = check;
        }

        @Override
        public String normalise(String current, String value) throws ConfigException {
            String v = binary ? value : cString(value);
            return check == null ? v : check.normalise(current, v);
        }
    }

    static final class Enum extends ConfigType {
        private final List<String> values;
        /** Names that mean the same as an earlier one; CONFIG GET prints the earlier one (Redis looks names up by value). */
        private final Map<String, String> synonyms;

        Enum(List<String> values, Map<String, String> synonyms) {
            this.values = values;
            this.synonyms = synonyms;
        }

        @Override
        public String normalise(String current, String value) throws ConfigException {
            String v = cString(value).toLowerCase(Locale.ROOT);
            if (values.contains(v)) {
                return synonyms.getOrDefault(v, v);
            }
            throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", values));
        }
    }

    static final class Special extends ConfigType {
        private final Validator validator;
        private final boolean multiArg;

        Special(Validator validator, boolean multiArg) {
            this.validator = validator;
            this.multiArg = multiArg;
        }

        @Override
        public String normalise(String current, String value) throws ConfigException {
            return validator.normalise(current, value);
        }

        @Override
        public boolean multiArg() {
            return multiArg;
        }
    }
}
