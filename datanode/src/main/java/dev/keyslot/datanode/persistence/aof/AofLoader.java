package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.server.Log;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Replays AOF files into the keyspace, as Redis's loadSingleAppendOnlyFile: an optional RDB image first (a
 * .base.rdb file or an old-style preamble), then RESP commands one by one, MULTI..EXEC applied as a unit.
 * A file cut short inside its last command (a crash mid-write) is truncated at the end of the last
 * complete command when aof-load-truncated is yes; anything malformed before the end stops the load.
 */
final class AofLoader {
    /** Redis's AOF_ANNOTATION_LINE_MAX_LEN: the fgets buffer of the loader. */
    private static final int LINE_MAX = 1024;
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final AofDirectory dir;
    private final Log log;
    private final CommandReplayer replayer;
    private final RdbBridge rdb;
    private final boolean loadTruncated;

    AofLoader(AofDirectory dir, Log log, CommandReplayer replayer, RdbBridge rdb, boolean loadTruncated) {
        this.dir = dir;
        this.log = log;
        this.replayer = replayer;
        this.rdb = rdb;
        this.loadTruncated = loadTruncated;
    }

    /** Whether the replay waits for a slow script one of its commands left running. */
    boolean waiting() {
        return replayer.waiting();
    }

    /** Why the file stopped parsing: a short read at its end, or bytes that cannot be an AOF. */
    private enum Stop { NONE, EOF, FORMAT }

    /**
     * Loads one file at once.
     *
     * @param legacy the single old-style appendonly.aof, whose RDB preamble is followed by commands
     * @param lastFile only the last file of the AOF may be truncated
     */
    AofLoadResult load(String name, boolean legacy, boolean lastFile) {
        FileLoad load = open(name, legacy, lastFile, UnaryOperator.identity());
        AofLoadResult result;
        do {
            result = load.step(Integer.MAX_VALUE);
        } while (result == null);
        return result;
    }

    /** Starts loading one file, to be stepped; counting wraps the file's stream (load progress). */
    FileLoad open(String name, boolean legacy, boolean lastFile, UnaryOperator<InputStream> counting) {
        Path path = dir.file(name);
        InputStream raw;
        long size;
        try {
            size = Files.size(path);
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException | FileNotFoundException e) {
            log.warning("The append log file " + name + " doesn't exist: No such file or directory");
            return new FileLoad(AofLoadResult.NOT_EXIST);
        } catch (IOException e) {
            log.warning("Fatal error: can't open the append log file " + name + " for reading: " + e.getMessage());
            return new FileLoad(AofLoadResult.OPEN_ERR);
        }
        if (size == 0) {
            closeQuietly(raw);
            return new FileLoad(AofLoadResult.EMPTY);
        }
        return new FileLoad(name, path, new AofInput(counting.apply(raw)), legacy, lastFile);
    }

    /**
     * One file being loaded, as Redis's loadSingleAppendOnlyFile but a bounded number of keys or commands
     * per step: first its RDB image if it has one, then its commands, MULTI..EXEC applied as a unit.
     */
    final class FileLoad {
        private final String name;
        private final Path path;
        private final AofInput in;
        private final boolean legacy;
        private final boolean lastFile;
        private AofLoadResult result;
        private boolean started;
        private RdbBridge.ImageLoad image;
        private long validUpTo;
        private long validBeforeMulti;
        private List<byte[][]> queued;

        private FileLoad(AofLoadResult result) {
            this(null, null, null, false, false);
            this.result = result;
        }

        private FileLoad(String name, Path path, AofInput in, boolean legacy, boolean lastFile) {
            this.name = name;
            this.path = path;
            this.in = in;
            this.legacy = legacy;
            this.lastFile = lastFile;
        }

        /** Loads up to budget keys or commands; the outcome once the file is done, else null. */
        AofLoadResult step(int budget) {
            if (result != null) {
                return result;
            }
            try {
                result = advance(budget);
            } catch (IOException e) {
                log.warning("Unrecoverable error reading the append only file " + name + ": " + e.getMessage());
                result = AofLoadResult.FAILED;
            }
            if (result != null) {
                closeQuietly(in);
            }
            return result;
        }

        private AofLoadResult advance(int budget) throws IOException {
            if (!started) {
                started = true;
                byte[] sig = new byte[RDB_MAGIC.length];
                if (in.peek(sig, sig.length) == sig.length && java.util.Arrays.equals(sig, RDB_MAGIC)) {
                    log.notice(legacy ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
                    try {
                        // The RDB reader reads ahead; with commands after the image it must see only the image's bytes.
                        image = rdb.loadRdb(legacy ? new ExactInput(in) : in);
                    } catch (IOException | RuntimeException e) {
                        return imageFailed(e);
                    }
                }
            }
            if (image != null) {
                try {
                    if (!image.step(budget)) {
                        return null;
                    }
                } catch (IOException | RuntimeException e) {
                    return imageFailed(e);
                }
                image = null;
                if (legacy) {
                    log.notice("Reading the remaining AOF tail...");
                }
                validUpTo = in.offset();
                validBeforeMulti = validUpTo;
                return null;
            }
            return commands(budget);
        }

        private AofLoadResult imageFailed(Exception e) {
            log.warning(legacy ? "Error reading the RDB preamble of the AOF file " + name + ", AOF loading aborted"
                    : "Error reading the RDB base file " + name + ", AOF loading aborted");
            log.warning("RDB image of " + name + ": " + e.getMessage());
            return AofLoadResult.FAILED;
        }

        /** Replays up to budget commands; the outcome once the file ends, else null. */
        private AofLoadResult commands(int budget) throws IOException {
            Stop stop = Stop.NONE;
            long commandStart = in.offset();
            for (int n = 0; ; n++) {
                if (n == budget) {
                    return null;
                }
                commandStart = in.offset();
                byte[] line = in.readLine(LINE_MAX);
                if (line == null) {
                    break;
                }
                if (line[0] == '#') {
                    continue;
                }
                if (line[0] != '*') {
                    stop = Stop.FORMAT;
                    break;
                }
                if (line.length == 1) {
                    stop = Stop.EOF;
                    break;
                }
                long argc = atol(line, 1);
                if (argc < 1) {
                    stop = Stop.FORMAT;
                    break;
                }
                byte[][] argv = new byte[(int) Math.min(argc, 1 << 20)][];
                stop = readArguments(in, argv, argc);
                if (stop != Stop.NONE) {
                    break;
                }
                if (!replayer.knows(argv)) {
                    log.warning("Unknown command '" + new String(argv[0], StandardCharsets.ISO_8859_1)
                            + "' reading the append only file " + name);
                    return AofLoadResult.FAILED;
                }
                if (is(argv, "multi")) {
                    validBeforeMulti = validUpTo;
                    queued = new ArrayList<>();
                } else if (queued != null && is(argv, "exec")) {
                    for (byte[][] command : queued) {
                        replayer.execute(command);
                    }
                    queued = null;
                } else if (queued != null) {
                    queued.add(argv);
                } else if (replayer.executeMayPause(argv)) {
                    validUpTo = in.offset();
                    return null;
                }
                validUpTo = in.offset();
            }
            if (stop == Stop.NONE && queued != null) {
                log.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
                validUpTo = validBeforeMulti;
                stop = Stop.EOF;
            } else if (queued != null) {
                validUpTo = validBeforeMulti;
            }
            if (stop == Stop.FORMAT) {
                log.warning("Bad file format reading the append only file " + name + " (the command at offset "
                        + commandStart + " is malformed)");
                log.warning("Bad file format reading the append only file " + name + ": make a backup of your AOF file, "
                        + "then use ./redis-check-aof --fix <filename.manifest>");
                return AofLoadResult.FAILED;
            }
            if (stop == Stop.EOF) {
                return truncated(name, path, validUpTo, lastFile);
            }
            return AofLoadResult.OK;
        }
    }

    /** Reads argc bulk strings; EOF when the file ends inside them, FORMAT when one is not a bulk string. */
    private static Stop readArguments(AofInput in, byte[][] argv, long argc) throws IOException {
        for (long j = 0; j < argc; j++) {
            byte[] header = in.readLine(LINE_MAX);
            if (header == null) {
                return Stop.EOF;
            }
            if (header[0] != '$') {
                return Stop.FORMAT;
            }
            long len = atol(header, 1);
            if (len < 0 || len > Integer.MAX_VALUE - 8) {
                return Stop.FORMAT;
            }
            byte[] arg = new byte[(int) len];
            if (in.readFully(arg, arg.length) < len) {
                return Stop.EOF;
            }
            if (in.skipFully(2) < 2) {
                return Stop.EOF;
            }
            if (j < argv.length) {
                argv[(int) j] = arg;
            }
        }
        return argc > argv.length ? Stop.FORMAT : Stop.NONE;
    }

    private AofLoadResult truncated(String name, Path path, long validUpTo, boolean lastFile) {
        if (loadTruncated && lastFile) {
            log.warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
            log.warning("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(validUpTo);
                ch.force(true);
                log.warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
                return AofLoadResult.TRUNCATED;
            } catch (IOException e) {
                log.warning("Error truncating the AOF file " + name + ": " + e.getMessage());
            }
        } else if (loadTruncated) {
            log.warning("Fatal error: the truncated file is not the last file");
            log.warning("The append only file " + name + " ends inside a command at offset " + validUpTo);
            return AofLoadResult.FAILED;
        }
        log.warning("Unexpected end of file reading the append only file " + name + ". You can: "
                + "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        return AofLoadResult.FAILED;
    }

    private static boolean is(byte[][] argv, String name) {
        return new String(argv[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase(name);
    }

    /** C's strtol/atoi on a header line: optional sign then digits, stopping at the first other byte. */
    private static long atol(byte[] line, int from) {
        int i = from;
        boolean negative = false;
        if (i < line.length && (line[i] == '-' || line[i] == '+')) {
            negative = line[i] == '-';
            i++;
        }
        long v = 0;
        while (i < line.length && line[i] >= '0' && line[i] <= '9' && v < Long.MAX_VALUE / 10) {
            v = v * 10 + (line[i] - '0');
            i++;
        }
        return negative ? -v : v;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // Only read from: nothing to lose.
        }
    }

    /** Hands out one byte per read, so a reader that reads ahead never takes bytes past what it parses. */
    private static final class ExactInput extends InputStream {
        private final InputStream in;

        ExactInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }
}
