package dev.keyslot.datanode.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Validators of the directives with their own syntax, with Redis's error texts and canonical forms. */
final class SpecialConfigs {
    private SpecialConfigs() {
    }

    /** The words of a multi-word value; a single empty word means "none". */
    static List<String> words(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        return List.of(value.split(" ", -1));
    }

    /** "seconds changes" pairs; seconds at least 1. */
    static String save(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.size() % 2 != 0) {
            throw new ConfigException("Invalid save parameters");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            long v = parseCLong(w.get(i), "Invalid save parameters");
            if ((i % 2 == 0 && v < 1) || v < 0) {
                throw new ConfigException("Invalid save parameters");
            }
            out.add(Long.toString(v));
        }
        return String.join(" ", out);
    }

    /** shutdown-on-sigterm's flags in their bit order (default is none of them). */
    private static final List<String> SHUTDOWN_FLAGS = List.of("save", "nosave", "now", "force");

    /**
     * shutdown-on-sigterm / shutdown-on-sigint: any set of flags, printed in their declaration order whatever
     * order they were given in, "default" alone for none. As in Redis, words are split on single spaces.
     */
    static String shutdownOnSignal(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.isEmpty()) {
            throw shutdownFlagsError();
        }
        boolean[] set = new boolean[SHUTDOWN_FLAGS.size()];
        for (String word : w) {
            String flag = word.toLowerCase(Locale.ROOT);
            int bit = SHUTDOWN_FLAGS.indexOf(flag);
            if (bit >= 0) {
                set[bit] = true;
            } else if (!flag.equals("default")) {
                throw shutdownFlagsError();
            }
        }
        if (set[0] && set[1]) {
            throw new ConfigException("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < set.length; i++) {
            if (set[i]) {
                names.add(SHUTDOWN_FLAGS.get(i));
            }
        }
        return names.isEmpty() ? "default" : String.join(" ", names);
    }

    private static ConfigException shutdownFlagsError() {
        return new ConfigException("argument(s) must be one of the following: default, "
                + String.join(", ", SHUTDOWN_FLAGS));
    }

    private static final List<String> BUFFER_CLASSES = List.of("normal", "slave", "pubsub");

    /** "class hard soft seconds" groups; classes not mentioned keep their current limits. */
    static String clientOutputBufferLimit(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.size() % 4 != 0) {
            throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        }
        Map<String, String> limits = new LinkedHashMap<>();
        List<String> cur = words(current);
        for (int i = 0; i + 3 < cur.size(); i += 4) {
            limits.put(cur.get(i), cur.get(i + 1) + " " + cur.get(i + 2) + " " + cur.get(i + 3));
        }
        Map<String, String> updates = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i += 4) {
            String cls = w.get(i).toLowerCase(Locale.ROOT);
            if (cls.equals("replica")) {
                cls = "slave";
            }
            if (!BUFFER_CLASSES.contains(cls)) {
                throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            }
            Long hard = MemoryUnits.parse(w.get(i + 1));
            Long soft = MemoryUnits.parse(w.get(i + 2));
            Long seconds = parseCLongOrNull(w.get(i + 3));
            if (hard == null || soft == null || seconds == null || seconds < 0) {
                throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            updates.put(cls, hard + " " + soft + " " + seconds.intValue());
        }
        limits.putAll(updates);
        StringBuilder sb = new StringBuilder();
        for (String cls : BUFFER_CLASSES) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(cls).append(' ').append(limits.getOrDefault(cls, "0 0 0"));
        }
        return sb.toString();
    }

    private static final String EVENT_CLASSES = "g$lshzxetd";

    /** Keyspace notification classes, printed in Redis's canonical order ("A" for all of g$lshzxetd). */
    static String notifyKeyspaceEvents(String current, String value) throws ConfigException {
        StringBuilder flags = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == 'A') {
                flags.append(EVENT_CLASSES);
            } else if ("g$lshzxeKEtmdn".indexOf(ch) >= 0) {
                flags.append(ch);
            } else {
                throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
        }
        String set = flags.toString();
        StringBuilder out = new StringBuilder();
        boolean all = EVENT_CLASSES.chars().allMatch(ch -> set.indexOf(ch) >= 0);
        if (all) {
            out.append('A');
        } else {
            for (char ch : (EVENT_CLASSES + "n").toCharArray()) {
                if (set.indexOf(ch) >= 0) {
                    out.append(ch);
                }
            }
        }
        for (char ch : "KEm".toCharArray()) {
            if (set.indexOf(ch) >= 0) {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Percentiles in [0, 100] printed as %f without trailing zeros. */
    static String latencyPercentiles(String current, String value) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (String w : words(value)) {
            double d;
            try {
                d = Double.parseDouble(w);
            } catch (NumberFormatException e) {
                throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
            }
            if (d < 0 || d > 100) {
                throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            out.add(trimmedFixed(d));
        }
        return String.join(" ", out);
    }

    /** C's "%f" (six decimals) with trailing zeros and a trailing dot removed. */
    static String trimmedFixed(double d) {
        String s = new BigDecimal(d).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    static String oomScoreAdjValues(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.size() != 3) {
            throw new ConfigException("wrong number of arguments");
        }
        List<String> out = new ArrayList<>();
        for (String s : w) {
            Long v = parseCLongOrNull(s);
            if (v == null || v < -2000 || v > 2000) {
                throw new ConfigException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
            out.add(Long.toString(v));
        }
        return String.join(" ", out);
    }

    static String bind(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.size() > 16) {
            throw new ConfigException("Too many bind addresses specified.");
        }
        return String.join(" ", w);
    }

    /** "host port", or "no one" for none. */
    static String replicaOf(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.size() != 2) {
            throw new ConfigException("wrong number of arguments");
        }
        if (w.get(0).equalsIgnoreCase("no") && w.get(1).equalsIgnoreCase("one")) {
            return "";
        }
        Long port = parseCLongOrNull(w.get(1));
        if (port == null || port < 0 || port > 65535) {
            throw new ConfigException("Invalid master port");
        }
        return w.get(0) + " " + port;
    }

    /** Redis clamps the cron frequency to [1, 500]. */
    static String hz(String current, String value) throws ConfigException {
        long v = Long.parseLong(ConfigType.integer(0, Integer.MAX_VALUE).normalise(current, value));
        return Long.toString(Math.max(1, Math.min(500, v)));
    }

    /** Bytes, or a percentage of maxmemory written "N%". */
    static String maxmemoryClients(String current, String value) throws ConfigException {
        if (value.endsWith("%")) {
            Long pct = parseCLongOrNull(value.substring(0, value.length() - 1));
            if (pct == null || pct < 0) {
                throw new ConfigException("argument must be a memory or percent value");
            }
            if (pct > 100) {
                throw new ConfigException("percentage argument must be less or equal to 100");
            }
            return pct + "%";
        }
        Long bytes = MemoryUnits.parse(value);
        if (bytes == null) {
            throw new ConfigException("argument must be a memory or percent value");
        }
        return Long.toString(bytes);
    }

    /** A file or directory name that must not be a path (files live in `dir`). */
    static ConfigType.Validator plainName(String option, String kind) {
        return (current, value) -> {
            if (value.indexOf('/') >= 0) {
                throw new ConfigException(option + " can't be a path, just a " + kind);
            }
            return value;
        };
    }

    /** The working directory: must exist; stored as its real absolute path, as getcwd() reports it. */
    static String dir(String current, String value) throws ConfigException {
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new ConfigException("No such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigException("Not a directory");
        }
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            throw new ConfigException("Permission denied");
        }
    }

    private static long parseCLong(String s, String error) throws ConfigException {
        Long v = parseCLongOrNull(s);
        if (v == null) {
            throw new ConfigException(error);
        }
        return v;
    }

    /** strtoll with a full-string check: optional sign, decimal digits, nothing after. */
    private static Long parseCLongOrNull(String s) {
        if (s.isEmpty() || !s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
