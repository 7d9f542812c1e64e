package dev.keyslot.datanode.config;

import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

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

    public static ConfigType integer(long min, long max) {
        return new Int(min, max, false);
    }

    /** A byte count accepting Redis's units (1k, 5mb, 2gb; k=1000, kb=1024). */
    public static ConfigType memory(long min, long max) {
        return new Int(min, max, true);
    }

    public static ConfigType string() {
        return new Str();
    }

    public static ConfigType oneOf(String... values) {
        return new Enum(List.of(values));
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

    static final class Bool extends ConfigType {
        @Override
        public String normalise(String current, String value) throws ConfigException {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.equals("yes")) {
                return "yes";
            }
            if (v.equals("no")) {
                return "no";
            }
            throw new ConfigException("argument must be 'yes' or 'no'");
        }
    }

    static final class Int extends ConfigType {
        private final long min;
        private final long max;
        private final boolean memory;

        Int(long min, long max, boolean memory) {
            this.min = min;
            this.max = max;
            this.memory = memory;
        }

        boolean isMemory() {
            return memory;
        }

        @Override
        public String normalise(String current, String value) throws ConfigException {
            long v;
            if (memory) {
                Long parsed = MemoryUnits.parse(value);
                if (parsed == null) {
                    throw new ConfigException("argument must be a memory value");
                }
                v = parsed;
            } else {
                Long parsed = Numbers.parseLongOrNull(value.getBytes(StandardCharsets.ISO_8859_1));
                if (parsed == null) {
                    throw new ConfigException("argument couldn't be parsed into an integer");
                }
                v = parsed;
            }
            if (v < min || v > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(v);
        }
    }

    static final class Str extends ConfigType {
        @Override
        public String normalise(String current, String value) {
            return value;
        }
    }

    static final class Enum extends ConfigType {
        private final List<String> values;

        Enum(List<String> values) {
            this.values = values;
        }

        @Override
        public String normalise(String current, String value) throws ConfigException {
            String v = value.toLowerCase(Locale.ROOT);
            if (values.contains(v)) {
                return v;
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
