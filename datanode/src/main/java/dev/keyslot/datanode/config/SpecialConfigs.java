package dev.keyslot.datanode.config;

import dev.keyslot.datanode.util.Strtod;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    /**
     * "seconds changes" pairs; seconds at least 1. Each word is read by strtoll, so leading white space, a sign
     * and an empty word (0) pass, an overflow saturates, and the changes are kept as a C int.
     */
    static String save(String current, String value) throws ConfigException {
        List<String> w = words(value);
        if (w.size() % 2 != 0) {
            throw new ConfigException("Invalid save parameters");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            Long v = CNumbers.strtollWhole(w.get(i));
            if (v == null || (i % 2 == 0 && v < 1) || v < 0) {
                throw new ConfigException("Invalid save parameters");
            }
            out.add(Long.toString(i % 2 == 0 ? v : (int) (long) v));
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
            String flag = ConfigType.cString(word).toLowerCase(Locale.ROOT);
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
            String cls = ConfigType.cString(w.get(i)).toLowerCase(Locale.ROOT);
            if (cls.equals("replica")) {
                cls = "slave";
            }
            if (!BUFFER_CLASSES.contains(cls)) {
                throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            }
            Long hard = MemoryUnits.memtoull(w.get(i + 1));
            Long soft = MemoryUnits.memtoull(w.get(i + 2));
            Long seconds = CNumbers.strtollWhole(w.get(i + 3));
            // Redis keeps the seconds in a C int and checks the sign after the conversion.
            int secondsAsInt = seconds == null ? -1 : (int) (long) seconds;
            if (hard == null || soft == null || secondsAsInt < 0) {
                throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            updates.put(cls, Long.toUnsignedString(hard) + " " + Long.toUnsignedString(soft) + " " + secondsAsInt);
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
        for (char ch : ConfigType.cString(value).toCharArray()) {
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
            double[] parsed = new double[1];
            if (!Strtod.parseStrict(w.getBytes(StandardCharsets.ISO_8859_1), parsed)) {
                throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
            }
            double d = parsed[0];
            if (d < 0 || d > 100) {
                throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            out.add(trimmedFixed(d));
        }
        return String.join(" ", out);
    }

    /** C's "%f" (six decimals) with trailing zeros and a trailing dot removed. */
    static String trimmedFixed(double d) {
        if (d == 0 && 1 / d < 0) {
            // %f keeps the sign of a negative zero.
            return "-0";
        }
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
            Long v = CNumbers.strtollWhole(s);
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
        Long parsed = CNumbers.strtollWhole(w.get(1));
        Integer port = parsed == null ? null : (int) (long) parsed;
        if (port == null || port < 0 || port > 65535) {
            throw new ConfigException("Invalid master port");
        }
        return w.get(0) + " " + port;
    }

    /**
     * watchdog-period in milliseconds: Redis raises a period shorter than two cron ticks to two ticks when it
     * applies CONFIG SET (0 turns the watchdog off).
     */
    static ConfigType.Validator watchdogPeriod(ServerConfig config) {
        return (current, value) -> {
            long period = Long.parseLong(ConfigType.integer(0, Integer.MAX_VALUE).normalise(current, value));
            long twoTicks = 1000 / config.getLong("hz") * 2;
            return Long.toString(period != 0 && period < twoTicks ? twoTicks : period);
        };
    }

    /** Redis clamps the cron frequency to [1, 500]. */
    static String hz(String current, String value) throws ConfigException {
        long v = Long.parseLong(ConfigType.integer(0, Integer.MAX_VALUE).normalise(current, value));
        return Long.toString(Math.max(1, Math.min(500, v)));
    }

    /** cluster-announce-hostname: a host name of letters, digits, hyphens and dots, as Redis checks it. */
    static String announcedHostname(String current, String value) throws ConfigException {
        if (value.length() >= 256) {
            throw new ConfigException("Hostnames must be less than 256 characters");
        }
        for (char ch : value.toCharArray()) {
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '.')) {
                throw new ConfigException("Hostnames may only contain alphanumeric characters, hyphens or dots");
            }
        }
        return value;
    }

    /**
     * proc-title-template: Redis expands it with an empty title and refuses it when a variable is unknown, a
     * brace is left open, or nothing but spaces remains.
     */
    static ConfigType.Validator procTitleTemplate(ServerConfig config) {
        return (current, value) -> {
            StringBuilder expanded = new StringBuilder();
            int p = 0;
            while (p < value.length()) {
                int open = value.indexOf('{', p);
                if (open < 0) {
                    expanded.append(value, p, value.length());
                    break;
                }
                expanded.append(value, p, open);
                if (open + 1 == value.length()) {
                    throw invalidTemplate();
                }
                if (value.charAt(open + 1) == '{') {
                    expanded.append('{');
                    p = open + 2;
                    continue;
                }
                int close = value.indexOf('}', open + 1);
                if (close < 0) {
                    throw invalidTemplate();
                }
                expanded.append(titleVariable(config, value.substring(open + 1, close)));
                p = close + 1;
            }
            if (expanded.toString().replace(" ", "").isEmpty()) {
                throw invalidTemplate();
            }
            return value;
        };
    }

    /** A variable's value in the validation of a proc-title-template (what matters is whether it is empty). */
    private static String titleVariable(ServerConfig config, String name) throws ConfigException {
        return switch (name) {
            case "title" -> "";
            case "listen-addr" -> "*:" + config.get("port");
            case "server-mode" -> config.getBool("cluster-enabled") ? "[cluster]" : "";
            case "config-file" -> "-";
            case "port" -> config.get("port");
            case "tls-port" -> config.get("tls-port");
            case "unixsocket" -> config.get("unixsocket");
            default -> throw invalidTemplate();
        };
    }

    private static ConfigException invalidTemplate() {
        return new ConfigException("template format is invalid or contains unknown variables");
    }

    /** A file or directory name that must not be a path (files live in `dir`). */
    static ConfigType.Validator plainName(String option, String kind) {
        return (current, text) -> {
            String value = ConfigType.cString(text);
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
}
