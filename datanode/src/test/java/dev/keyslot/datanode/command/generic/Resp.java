package dev.keyslot.datanode.command.generic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Decodes RESP2 reply bytes into Java values (bulk strings as Latin-1 strings) for shape comparisons. */
final class Resp {
    private final byte[] b;
    private int pos;

    private Resp(byte[] b) {
        this.b = b;
    }

    /** Long for integers, String for bulk and simple strings, null for nil, List for arrays. */
    static Object parse(byte[] reply) {
        return new Resp(reply).value();
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(byte[] reply) {
        return (List<String>) (List<?>) parse(reply);
    }

    private Object value() {
        char type = (char) b[pos++];
        String line = line();
        switch (type) {
            case ':':
                return Long.parseLong(line);
            case '+':
            case '-':
                return line;
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                String s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
                pos += n + 2;
                return s;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(value());
                }
                return items;
            }
            default:
                throw new IllegalArgumentException("unexpected reply type " + type);
        }
    }

    private String line() {
        int start = pos;
        while (b[pos] != '\r') {
            pos++;
        }
        String s = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        pos += 2;
        return s;
    }
}
