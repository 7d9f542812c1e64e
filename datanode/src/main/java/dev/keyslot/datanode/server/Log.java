package dev.keyslot.datanode.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Redis-style log lines: "pid:M 25 Nov 2026 14:36:17.123 * message", to stdout or the logfile. */
public final class Log {
    public enum Level {
        DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#');

        final char mark;

        Level(char mark) {
            this.mark = mark;
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT);
    private static final long PID = ProcessHandle.current().pid();

    private volatile Level threshold = Level.NOTICE;
    private volatile PrintStream out = System.out;
    private volatile char role = 'M';

    public void configure(String level, String logfile) throws IOException {
        threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
        if (logfile != null && !logfile.isEmpty()) {
            out = new PrintStream(new FileOutputStream(logfile, true), true, StandardCharsets.UTF_8);
        }
    }

    public void setLevel(String level) {
        threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
    }

    public void setRole(char role) {
        this.role = role;
    }

    public void debug(String message) {
        log(Level.DEBUG, message);
    }

    public void verbose(String message) {
        log(Level.VERBOSE, message);
    }

    public void notice(String message) {
        log(Level.NOTICE, message);
    }

    public void warning(String message) {
        log(Level.WARNING, message);
    }

    /** Text written as it is, without the line prefix (Redis's LL_RAW), at notice level. */
    public void raw(String text) {
        if (Level.NOTICE.ordinal() < threshold.ordinal()) {
            return;
        }
        out.print(text);
        out.flush();
    }

    public void log(Level level, String message) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        out.println(PID + ":" + role + " " + TIME.format(ZonedDateTime.now()) + " " + level.mark + " " + message);
    }
}
