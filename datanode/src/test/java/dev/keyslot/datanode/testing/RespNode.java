package dev.keyslot.datanode.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One parsed RESP2/RESP3 reply, for tests that compare replies by content rather than bytes: its type
 * character, its text (scalars; Latin-1 so bytes survive), its children (aggregates; maps flattened to
 * key, value, ...) and its exact bytes.
 */
public final class RespNode {
    public final char type;
    public final String text;
    public final List<RespNode> children;
    public final byte[] raw;

    private RespNode(char type, String text, List<RespNode> children, byte[] raw) {
        this.type = type;
        this.text = text;
        this.children = children;
        this.raw = raw;
    }

    public static RespNode parse(byte[] bytes) {
        int[] pos = {0};
        RespNode n = parse(bytes, pos);
        if (pos[0] != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after reply: " + Differential.printable(bytes));
        }
        return n;
    }

    public boolean isAggregate() {
        return children != null;
    }

    /** Texts of the children, for aggregates of scalars. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (RespNode c : children) {
            out.add(c.text);
        }
        return out;
    }

    private static RespNode parse(byte[] b, int[] pos) {
        int start = pos[0];
        int lineEnd = start;
        while (!(b[lineEnd] == '\r' && b[lineEnd + 1] == '\n')) {
            lineEnd++;
        }
        char type = (char) b[start];
        String line = new String(b, start + 1, lineEnd - start - 1, StandardCharsets.ISO_8859_1);
        pos[0] = lineEnd + 2;
        switch (type) {
            case '$', '=', '!' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return new RespNode(type, null, null, Arrays.copyOfRange(b, start, pos[0]));
                }
                String text = new String(b, pos[0], len, StandardCharsets.ISO_8859_1);
                pos[0] += len + 2;
                return new RespNode(type, text, null, Arrays.copyOfRange(b, start, pos[0]));
            }
            case '*', '~', '>', '%', '|' -> {
                long n = Long.parseLong(line);
                if (n < 0) {
                    return new RespNode(type, null, null, Arrays.copyOfRange(b, start, pos[0]));
                }
                long count = type == '%' || type == '|' ? n * 2 : n;
                List<RespNode> children = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    children.add(parse(b, pos));
                }
                return new RespNode(type, line, children, Arrays.copyOfRange(b, start, pos[0]));
            }
            default -> {
                return new RespNode(type, line, null, Arrays.copyOfRange(b, start, pos[0]));
            }
        }
    }
}
