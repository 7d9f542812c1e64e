package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.protocol.Reply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COMMAND DOCS: the documentation of every command (summary, since, group, complexity, history, arguments),
 * kept as data in the resource {@code command-docs.resp3}, which is redis-server 7.0's own RESP3 reply to
 * COMMAND DOCS (kept current by CommandDocsDifferentialTest). Each command's entry is written in the client's
 * protocol, with the subcommands narrowed to those this server has. Redis itself lists commands in the order of
 * its hash table, which changes with every process, so clients cannot rely on any order.
 */
final class CommandDocs {
    private static final String RESOURCE = "/command-docs.resp3";

    /** Every documented command by full name ("get", "config|get"), in the order of Redis's reply. */
    private final Map<String, Map<String, Object>> byFullName = new LinkedHashMap<>();

    private CommandDocs(Map<String, Object> topLevel) {
        index(topLevel);
    }

    static CommandDocs load() {
        try (InputStream in = CommandDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new CommandDocs(castMap(new Resp3Reader(in.readAllBytes()).read()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void index(Map<String, Object> commands) {
        for (Map.Entry<String, Object> e : commands.entrySet()) {
            Map<String, Object> doc = castMap(e.getValue());
            byFullName.put(e.getKey(), doc);
            Object subcommands = doc.get("subcommands");
            if (subcommands != null) {
                index(castMap(subcommands));
            }
        }
    }

    /** The given commands in the order of Redis's reply, then any that Redis does not document. */
    List<CommandSpec> ordered(Iterable<CommandSpec> commands) {
        Map<String, CommandSpec> ours = new HashMap<>();
        for (CommandSpec spec : commands) {
            ours.put(spec.fullName(), spec);
        }
        List<CommandSpec> ordered = new ArrayList<>(ours.size());
        for (String name : byFullName.keySet()) {
            CommandSpec spec = ours.remove(name);
            if (spec != null) {
                ordered.add(spec);
            }
        }
        ordered.addAll(ours.values());
        return ordered;
    }

    /** Writes the docs map of one command (Redis's addReplyCommandDocs). */
    void write(Reply r, CommandSpec spec) {
        Map<String, Object> doc = byFullName.getOrDefault(spec.fullName(), Map.of());
        List<CommandSpec> subcommands = spec.hasSubcommands() ? ordered(spec.subcommands().values()) : List.of();
        int fields = doc.size() - (doc.containsKey("subcommands") ? 1 : 0) + (subcommands.isEmpty() ? 0 : 1);
        r.mapHeader(fields);
        for (Map.Entry<String, Object> field : doc.entrySet()) {
            if (!field.getKey().equals("subcommands")) {
                r.bulk(field.getKey());
                writeValue(r, field.getValue());
            }
        }
        if (!subcommands.isEmpty()) {
            r.bulk("subcommands");
            r.mapHeader(subcommands.size());
            for (CommandSpec sub : subcommands) {
                r.bulk(sub.fullName());
                write(r, sub);
            }
        }
    }

    private static void writeValue(Reply r, Object value) {
        if (value instanceof String s) {
            r.bulk(s);
        } else if (value instanceof Resp3Reader.Status s) {
            r.simple(s.text());
        } else if (value instanceof Long n) {
            r.integer(n);
        } else if (value instanceof Resp3Reader.SetOf set) {
            r.setHeader(set.elements().size());
            for (Object o : set.elements()) {
                writeValue(r, o);
            }
        } else if (value instanceof List<?> list) {
            r.arrayHeader(list.size());
            for (Object o : list) {
                writeValue(r, o);
            }
        } else {
            Map<String, Object> map = castMap(value);
            r.mapHeader(map.size());
            for (Map.Entry<String, Object> e : map.entrySet()) {
                r.bulk(e.getKey());
                writeValue(r, e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** Reads the RESP3 subset the docs use: maps, sets, arrays, bulk and simple strings, integers. */
    static final class Resp3Reader {
        record Status(String text) {
        }

        record SetOf(List<Object> elements) {
        }

        private final byte[] in;
        private int pos;

        Resp3Reader(byte[] in) {
            this.in = in;
        }

        Object read() {
            char type = (char) in[pos++];
            String line = line();
            switch (type) {
                case '%': {
                    int n = Integer.parseInt(line);
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        map.put((String) read(), read());
                    }
                    return map;
                }
                case '*':
                case '~': {
                    int n = Integer.parseInt(line);
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(read());
                    }
                    return type == '~' ? new SetOf(list) : list;
                }
                case '$': {
                    int n = Integer.parseInt(line);
                    String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
                    pos += n + 2;
                    return s;
                }
                case '+':
                    return new Status(line);
                case ':':
                    return Long.parseLong(line);
                default:
                    throw new IllegalStateException("unexpected RESP3 type '" + type + "' at offset " + (pos - 1));
            }
        }

        private String line() {
            int start = pos;
            while (in[pos] != '\r') {
                pos++;
            }
            String s = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
            pos += 2;
            return s;
        }
    }
}
