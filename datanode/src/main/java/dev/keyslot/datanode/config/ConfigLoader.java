package dev.keyslot.datanode.config;

import dev.keyslot.datanode.util.ArgSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ServerConfig} from the command line the way redis-server does: an optional config file
 * first, then "--name value ..." options, which are appended as extra config lines (so they win).
 */
public final class ConfigLoader {
    public static final String REDIS_VERSION = "7.0.15";

    private ConfigLoader() {
    }

    /** A fatal config problem, with the text Redis prints before exiting. */
    public static final class FatalConfigError extends Exception {
        public FatalConfigError(String message) {
            super(message);
        }
    }

    public static ServerConfig load(String[] argv) throws FatalConfigError {
        ServerConfig config = new ServerConfig();
        StringBuilder text = new StringBuilder();
        int i = 0;
        if (argv.length > 0 && !argv[0].startsWith("--")) {
            Path file = Path.of(argv[0]);
            try {
                text.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new FatalConfigError("Fatal error, can't open config file '" + argv[0] + "': "
                        + (e instanceof java.nio.file.NoSuchFileException ? "No such file or directory" : e.getMessage()));
            }
            config.setConfigFile(file.toAbsolutePath().toString());
            i = 1;
        }
        StringBuilder options = new StringBuilder();
        for (; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(arg.substring(2));
            } else {
                options.append(' ').append(quoteIfNeeded(arg));
            }
        }
        text.append(options);
        apply(config, text.toString());
        return config;
    }

    private static String quoteIfNeeded(String arg) {
        if (arg.isEmpty() || arg.chars().anyMatch(ch -> ch == ' ' || ch == '"' || ch == '\'' || ch == '\\')) {
            return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return arg;
    }

    /** Applies config text line by line; the first bad line stops with Redis's fatal error report. */
    public static void apply(ServerConfig config, String text) throws FatalConfigError {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<byte[]> parts = ArgSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (parts == null) {
                throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
            }
            if (parts.isEmpty()) {
                continue;
            }
            String name = new String(parts.get(0), StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>();
            for (int k = 1; k < parts.size(); k++) {
                args.add(new String(parts.get(k), StandardCharsets.UTF_8));
            }
            ConfigOption option = config.option(name);
            if (option == null || args.isEmpty()) {
                throw fatal(n + 1, line, "Bad directive or wrong number of arguments");
            }
            try {
                config.set(name, String.join(" ", args));
            } catch (ConfigException e) {
                throw fatal(n + 1, line, e.getMessage());
            }
        }
    }

    private static FatalConfigError fatal(int lineNumber, String line, String reason) {
        return new FatalConfigError("\n*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n" + reason);
    }
}
