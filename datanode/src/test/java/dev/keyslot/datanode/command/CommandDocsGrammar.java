package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.RespParser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the RESP2 reply of a bare COMMAND DOCS into the grammar of every command and subcommand, sorted by
 * name: redis-server lists them in the order of its randomly seeded hash table, and a fuzzer replaying a seed
 * must see them in the same order every time.
 */
final class CommandDocsGrammar {
    private CommandDocsGrammar() {
    }

    static List<DocCommand> parse(byte[] commandDocsReply) {
        List<DocCommand> commands = new ArrayList<>();
        List<?> flat = (List<?>) RespParser.parse(commandDocsReply);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            addCommand(List.of(((String) flat.get(i)).toUpperCase(Locale.ROOT)), (List<?>) flat.get(i + 1),
                    commands);
        }
        commands.sort(Comparator.comparing(DocCommand::fullName));
        return commands;
    }

    private static void addCommand(List<String> words, List<?> doc, List<DocCommand> out) {
        Map<String, Object> fields = pairs(doc);
        Object subcommands = fields.get("subcommands");
        if (subcommands instanceof List<?> subs) {
            for (int i = 0; i + 1 < subs.size(); i += 2) {
                String full = ((String) subs.get(i)).toUpperCase(Locale.ROOT);
                List<String> subWords = new ArrayList<>(words);
                subWords.add(full.substring(full.indexOf('|') + 1));
                addCommand(subWords, (List<?>) subs.get(i + 1), out);
            }
            return;
        }
        out.add(new DocCommand(List.copyOf(words), (String) fields.get("group"), arguments(fields.get("arguments"))));
    }

    private static List<DocArgument> arguments(Object list) {
        List<DocArgument> args = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                Map<String, Object> f = pairs((List<?>) item);
                List<?> flags = f.get("flags") instanceof List<?> l ? l : List.of();
                args.add(new DocArgument((String) f.get("name"), (String) f.get("type"), (String) f.get("token"),
                        flags.contains("optional"), flags.contains("multiple"), flags.contains("multiple_token"),
                        arguments(f.get("arguments"))));
            }
        }
        return args;
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), flat.get(i + 1));
        }
        return map;
    }
}
