package dev.keyslot.datanode.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one reply's bytes (as {@link RawConnection} returns them) into Java values, for tests that compare
 * replies by content rather than byte for byte: strings (simple, bulk, verbatim without its "txt:" prefix,
 * errors prefixed with "-"), Long, Boolean, null, List (arrays, sets, pushes) and Map (RESP3 maps).
 */
public final class RespParser {
    private final byte[] data;
    private int pos;

    private RespParser(byte[] data) {
        this.data = data;
    }

    public static Object parse(byte[] reply) {
        return new RespParser(reply).value();
    }

    /** A flat RESP2 array of alternating names and values, or a RESP3 map, as a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(byte[] reply) {
        Object v = parse(reply);
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        List<Object> list = (List<Object>) v;
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put((String) list.get(i), list.get(i + 1));
        }
        return map;
    }

    private String line() {
        int start = pos;
        while (data[pos] != '\r') {
            pos++;
        }
        String s = new String(data, start, pos - start, StandardCharsets.ISO_8859_1);
        pos += 2;
        return s;
    }

    private Object value() {
        char type = (char) data[pos++];
        String line = line();
        switch (type) {
            case '+', '(' -> {
                return line;
            }
            case '-' -> {
                return "-" + line;
            }
            case ':' -> {
                return Long.parseLong(line);
            }
            case ',' -> {
                return Double.parseDouble(line);
            }
            case '#' -> {
                return line.equals("t");
            }
            case '_' -> {
                return null;
            }
            case '$', '=' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                String s = new String(data, pos, len, StandardCharsets.ISO_8859_1);
                pos += len + 2;
                return type == '=' ? s.substring(4) : s;
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(value());
                }
                return list;
            }
            case '%' -> {
                int n = Integer.parseInt(line);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(value(), value());
                }
                return map;
            }
            default -> throw new IllegalArgumentException("unexpected reply type " + type);
        }
    }
}
