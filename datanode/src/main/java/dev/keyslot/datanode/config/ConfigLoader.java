package dev.keyslot.datanode.config;

import dev.keyslot.datanode.acl.ConfiguredUsers;
import dev.keyslot.datanode.util.ArgSplitter;
import dev.keyslot.datanode.util.Repr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ServerConfig} from the command line the way redis-server does: an optional config file
 * first, then "--name value ..." options, which are appended as extra config lines (so they win). Errors
 * carry the exact text redis-server prints.
 */
public final class ConfigLoader {
    public static final String REDIS_VERSION = "7.0.15";

    private ConfigLoader() {
    }

    /** A fatal config problem, with the text Redis prints before exiting. */
    public static final class FatalConfigError extends Exception {
        private final boolean logLine;

        public FatalConfigError(String message, boolean logLine) {
            super(message);
            this.logLine = logLine;
        }

        /** True when Redis reports it as a warning log line rather than the stderr banner. */
        public boolean isLogLine() {
            return logLine;
        }
    }

    public static ServerConfig load(String[] argv) throws FatalConfigError {
        ServerConfig config = new ServerConfig();
        StringBuilder text = new StringBuilder();
        int i = 0;
        if (argv.length > 0 && !argv[0].startsWith("-")) {
            Path file = Path.of(argv[0]).toAbsolutePath();
            text.append(readConfigFile(file));
            config.setConfigFile(file.toString());
            i = 1;
        }
        text.append('\n').append(commandLineOptions(argv, i));
        new Parser(config).apply(text.toString());
        return config;
    }

    private static String readConfigFile(Path file) throws FatalConfigError {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? "No such file or directory"
                    : Files.isDirectory(file) ? "Is a directory" : "Permission denied";
            throw new FatalConfigError("Fatal error, can't open config file '" + file + "': " + reason, true);
        }
    }

    /** "--port 7000 --save 900 1" becomes the lines 'port "7000"' and 'save "900" "1"'. */
    static String commandLineOptions(String[] argv, int from) {
        StringBuilder options = new StringBuilder();
        boolean lastNameHasValue = true;
        for (int j = from; j < argv.length; j++) {
            String arg = argv[j];
            if (lastNameHasValue && arg.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(arg, 2, arg.length()).append(' ');
                List<byte[]> parts = ArgSplitter.split(arg.getBytes(StandardCharsets.ISO_8859_1));
                lastNameHasValue = parts == null || parts.size() != 1;
                if (!lastNameHasValue && arg.equalsIgnoreCase("--save")
                        && (j == argv.length - 1 || argv[j + 1].startsWith("--"))) {
                    // Compatibility: "--save" with no value means save "" (no snapshots).
                    options.append("\"\"");
                    lastNameHasValue = true;
                }
            } else {
                options.append(Repr.of(arg)).append(' ');
                lastNameHasValue = true;
            }
        }
        return options.toString();
    }


    /** Applies config text (file contents plus command line options) line by line, as Redis does. */
    public static void apply(ServerConfig config, String text) throws FatalConfigError {
        new Parser(config).apply(text);
    }

    private static final class Parser {
        private final ServerConfig config;
        /** The first "save" line replaces the default; later ones add more save points. */
        private boolean saveSeen;

        Parser(ServerConfig config) {
            this.config = config;
        }

        void apply(String text) throws FatalConfigError {
            String[] lines = text.split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String line = trim(lines[n]);
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                List<byte[]> parts = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
                if (parts == null) {
                    throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
                }
                if (parts.isEmpty()) {
                    continue;
                }
                List<String> args = new ArrayList<>();
                for (byte[] p : parts) {
                    args.add(new String(p, StandardCharsets.ISO_8859_1));
                }
                String reason = name(args).equals("rename-command") && args.size() == 3
                        ? renameCommand(args, n + 1, line) : applyLine(args);
                if (reason != null) {
                    throw fatal(n + 1, line, reason);
                }
            }
        }

        private static String name(List<String> args) {
            return args.get(0).toLowerCase(java.util.Locale.ROOT);
        }

        /** Recorded for the server to apply to its command table, which does not exist yet. */
        private String renameCommand(List<String> args, int lineNumber, String line) {
            config.commandRenames().add(new CommandRename(args.get(1), args.get(2), lineNumber, line));
            return null;
        }

        /** Applies one directive; returns the error text, or null when accepted. */
        private String applyLine(List<String> args) throws FatalConfigError {
            String name = args.get(0).toLowerCase(java.util.Locale.ROOT);
            ConfigOption option = config.option(name);
            if (option == null) {
                if (name.equals("user") && args.size() >= 2) {
                    String error = ConfiguredUsers.check(args, config.userLines());
                    if (error == null) {
                        config.userLines().add(new ArrayList<>(args.subList(1, args.size())));
                    }
                    return error;
                }
                if (name.equals("include") && args.size() == 2) {
                    apply(readConfigFile(Path.of(args.get(1)).toAbsolutePath()));
                    return null;
                }
                if (DEPRECATED.contains(name) && args.size() == 2) {
                    return null;
                }
                return "Bad directive or wrong number of arguments";
            }
            if (!option.multiArg() && args.size() != 2) {
                return "wrong number of arguments";
            }
            List<String> words = args.subList(1, args.size());
            if (option.multiArg() && words.size() == 1 && !words.get(0).isEmpty()) {
                // One argument to a multi-word directive ("--save '900 1'") is split as a config line is.
                words = splitWords(words.get(0));
            }
            String value = String.join(" ", words);
            if (option.name().equals("save")) {
                if (saveSeen && !value.isEmpty()) {
                    String current = config.get("save");
                    value = current.isEmpty() ? value : current + " " + value;
                }
                saveSeen = true;
            }
            try {
                config.set(name, value);
                return null;
            } catch (ConfigException e) {
                return e.getMessage();
            }
        }

        /** sdssplitargs: quoted words kept whole, runs of spaces collapsed; unbalanced quotes give no words. */
        private static List<String> splitWords(String value) {
            List<byte[]> parts = ArgSplitter.split(value.getBytes(StandardCharsets.ISO_8859_1));
            List<String> words = new ArrayList<>();
            if (parts != null) {
                for (byte[] part : parts) {
                    words.add(new String(part, StandardCharsets.ISO_8859_1));
                }
            }
            return words;
        }

        private static String trim(String line) {
            int start = 0;
            int end = line.length();
            while (start < end && " \t\r\n".indexOf(line.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && " \t\r\n".indexOf(line.charAt(end - 1)) >= 0) {
                end--;
            }
            return line.substring(start, end);
        }
    }

    /** Directives Redis 7.0 still accepts and ignores. */
    private static final List<String> DEPRECATED =
            List.of("list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");

    static FatalConfigError fatal(int lineNumber, String line, String reason) {
        return new FatalConfigError("\n*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n" + reason, false);
    }
}
