package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.util.ArgSplitter;
import dev.keyslot.datanode.util.Repr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of files that make up a multi-part AOF, in Redis 7.0's manifest format: one line per file,
 * "file NAME seq N type b|h|i", the base first, then history, then the incr files in order. Changes are
 * made on a copy ({@link #copy}) that replaces the current manifest only once it is safely on disk.
 */
final class AofManifest {
    static final String BASE_SUFFIX = ".base";
    static final String INCR_SUFFIX = ".incr";
    static final String RDB_FORMAT = ".rdb";
    static final String AOF_FORMAT = ".aof";
    static final String MANIFEST_SUFFIX = ".manifest";
    static final String TEMP_PREFIX = "temp-";
    private static final int MAX_LINE = 1024;

    private AofFileInfo base;
    private final List<AofFileInfo> history = new ArrayList<>();
    private final List<AofFileInfo> incrs = new ArrayList<>();
    private long baseSeq;
    private long incrSeq;

    AofManifest copy() {
        AofManifest m = new AofManifest();
        m.base = base;
        m.history.addAll(history);
        m.incrs.addAll(incrs);
        m.baseSeq = baseSeq;
        m.incrSeq = incrSeq;
        return m;
    }

    AofFileInfo base() {
        return base;
    }

    List<AofFileInfo> incrs() {
        return incrs;
    }

    List<AofFileInfo> history() {
        return history;
    }

    boolean isEmpty() {
        return base == null && incrs.isEmpty();
    }

    /** Base and incr files, in loading order. */
    List<AofFileInfo> loadOrder() {
        List<AofFileInfo> all = new ArrayList<>();
        if (base != null) {
            all.add(base);
        }
        all.addAll(incrs);
        return all;
    }

    /** A new base file name (.rdb or .aof), the previous base becoming history (Redis's getNewBaseFileNameAndMarkPreAsHistory). */
    String newBase(String aofFilename, boolean rdbFormat) {
        if (base != null) {
            history.add(0, base.as(AofFileInfo.Type.HISTORY));
        }
        baseSeq++;
        base = new AofFileInfo(aofFilename + "." + baseSeq + BASE_SUFFIX + (rdbFormat ? RDB_FORMAT : AOF_FORMAT),
                baseSeq, AofFileInfo.Type.BASE);
        return base.name();
    }

    /** Upgrading a single legacy AOF: it becomes the base, with sequence 1. */
    void setLegacyBase(String aofFilename) {
        base = new AofFileInfo(aofFilename, 1, AofFileInfo.Type.BASE);
        baseSeq = 1;
    }

    String newIncr(String aofFilename) {
        incrSeq++;
        AofFileInfo info = new AofFileInfo(aofFilename + "." + incrSeq + INCR_SUFFIX + AOF_FORMAT, incrSeq,
                AofFileInfo.Type.INCR);
        incrs.add(info);
        return info.name();
    }

    /** The incr file to keep appending to, created when there is none. */
    String lastIncrOrNew(String aofFilename) {
        return incrs.isEmpty() ? newIncr(aofFilename) : incrs.get(incrs.size() - 1).name();
    }

    /**
     * After a successful rewrite the incr files it covers become history; the one being written to (the
     * last, when the AOF is on) stays.
     */
    void markRewrittenIncrsAsHistory(boolean keepLast) {
        int keep = keepLast && !incrs.isEmpty() ? 1 : 0;
        int rewritten = incrs.size() - keep;
        for (int i = rewritten - 1; i >= 0; i--) {
            history.add(0, incrs.get(i).as(AofFileInfo.Type.HISTORY));
        }
        incrs.subList(0, rewritten).clear();
    }

    void clearHistory() {
        history.clear();
    }

    /** The manifest text, as Redis writes it. */
    String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            line(sb, base);
        }
        for (AofFileInfo h : history) {
            line(sb, h);
        }
        for (AofFileInfo i : incrs) {
            line(sb, i);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, AofFileInfo info) {
        String name = needsQuoting(info.name()) ? Repr.of(info.name()) : info.name();
        sb.append("file ").append(name).append(" seq ").append(info.seq()).append(" type ")
                .append(info.type().letter).append('\n');
    }

    /** Redis's sdsneedsrepr. */
    private static boolean needsQuoting(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"' || c == '\n' || c == '\r' || c == '\t' || c == 7 || c == '\b'
                    || c < 32 || c >= 127 || c == ' ') {
                return true;
            }
        }
        return false;
    }


    /** Parses a manifest with Redis's checks; the exception carries Redis's fatal error lines. */
    static AofManifest parse(byte[] content) {
        AofManifest m = new AofManifest();
        long maxSeq = 0;
        int lineNumber = 0;
        int pos = 0;
        if (content.length == 0) {
            throw new ManifestException("Found an empty AOF manifest", 0, null);
        }
        while (pos < content.length) {
            int nl = indexOf(content, pos, (byte) '\n');
            int end = nl < 0 ? content.length : nl + 1;
            lineNumber++;
            byte[] raw = java.util.Arrays.copyOfRange(content, pos, end);
            pos = end;
            if (raw[0] == '#') {
                continue;
            }
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            if (nl < 0 || raw.length > MAX_LINE) {
                throw new ManifestException("The AOF manifest file contains too long line", lineNumber,
                        text.strip());
            }
            String line = trim(text);
            if (line.isEmpty()) {
                throw new ManifestException("Invalid AOF manifest file format", lineNumber, line);
            }
            List<byte[]> argv = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
            if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
                throw new ManifestException("Invalid AOF manifest file format", lineNumber, line);
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < argv.size(); i += 2) {
                String key = new String(argv.get(i), StandardCharsets.ISO_8859_1);
                String value = new String(argv.get(i + 1), StandardCharsets.ISO_8859_1);
                if (key.equalsIgnoreCase("file")) {
                    if (value.contains("/") || value.contains("\\")) {
                        throw new ManifestException("File can't be a path, just a filename", lineNumber, line);
                    }
                    name = value;
                } else if (key.equalsIgnoreCase("seq")) {
                    seq = atoll(value);
                } else if (key.equalsIgnoreCase("type")) {
                    type = value.isEmpty() ? 0 : value.charAt(0);
                }
            }
            if (name == null || seq == 0 || type == 0) {
                throw new ManifestException("Invalid AOF manifest file format", lineNumber, line);
            }
            AofFileInfo.Type t = AofFileInfo.Type.of(type);
            if (t == null) {
                throw new ManifestException("Unknown AOF file type", lineNumber, line);
            }
            AofFileInfo info = new AofFileInfo(name, seq, t);
            switch (t) {
                case BASE -> {
                    if (m.base != null) {
                        throw new ManifestException("Found duplicate base file information", lineNumber, line);
                    }
                    m.base = info;
                    m.baseSeq = seq;
                }
                case HISTORY -> m.history.add(info);
                case INCR -> {
                    if (seq <= maxSeq) {
                        throw new ManifestException("Found a non-monotonic sequence number", lineNumber, line);
                    }
                    m.incrs.add(info);
                    m.incrSeq = seq;
                    maxSeq = seq;
                }
            }
        }
        return m;
    }

    private static int indexOf(byte[] b, int from, byte x) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && " \t\r\n".indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && " \t\r\n".indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }

    /** C's atoll: leading digits with an optional sign, 0 when there are none. */
    private static long atoll(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return negative ? -v : v;
    }

    /** A manifest Redis would refuse to start with; the message is Redis's, with the offending line. */
    static final class ManifestException extends RuntimeException {
        private final int lineNumber;
        private final String line;

        ManifestException(String message, int lineNumber, String line) {
            super(message);
            this.lineNumber = lineNumber;
            this.line = line;
        }

        int lineNumber() {
            return lineNumber;
        }

        String line() {
            return line;
        }
    }
}
