package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds a request from a command's COMMAND DOCS grammar: optional arguments present half the time, repeated
 * arguments one to three times (all repeated arguments of one request share a count most of the time, so
 * numkeys, the keys, WEIGHTS and XREAD's keys and ids agree), tokens in mixed case. Then, about one
 * request in three, deliberate mistakes: an argument dropped, added or repeated, two swapped, a number that
 * is not one, a negative count, an unknown token or subcommand, an option given twice or moved elsewhere.
 */
final class InvocationGenerator {
    private static final double MISTAKE_RATE = 0.3;

    /** Commands whose arguments end with a whole request: that request is generated from its own grammar. */
    private static final Map<String, Integer> WRAPPERS = Map.of("command|getkeys", 0, "command|getkeysandflags", 0,
            "acl|dryrun", 1);

    private final Random random;
    private final FuzzValues values;
    private final List<DocCommand> commands;

    InvocationGenerator(Random random, List<DocCommand> commands, List<String> payloads) {
        this.random = random;
        this.values = new FuzzValues(random, payloads);
        this.commands = commands;
    }

    List<String> generate(DocCommand command) {
        Integer leading = WRAPPERS.get(command.fullName());
        if (leading != null && random.nextInt(5) != 0) {
            return wrapped(command, leading);
        }
        Request request = new Request(command, 1 + random.nextInt(3));
        for (String word : command.words()) {
            request.words.add(mixedCase(word));
        }
        request.fixed = request.words.size();
        request.arguments(command.arguments());
        while (random.nextDouble() < MISTAKE_RATE) {
            request.mistake();
        }
        return request.words;
    }

    /** The wrapper's words and its first arguments, then a generated request for another command. */
    private List<String> wrapped(DocCommand wrapper, int leading) {
        List<String> words = new ArrayList<>(wrapper.words());
        for (DocArgument argument : wrapper.arguments().subList(0, leading)) {
            words.add(values.valueFor(wrapper, argument));
        }
        DocCommand inner = commands.get(random.nextInt(commands.size()));
        words.addAll(WRAPPERS.containsKey(inner.fullName()) ? inner.words() : generate(inner));
        return words;
    }

    private String mixedCase(String token) {
        return random.nextInt(4) == 0 ? token.toLowerCase(Locale.ROOT) : token;
    }

    private final class Request {
        private final DocCommand command;
        private final int repetitions;
        private final List<String> words = new ArrayList<>();
        /** Positions [start, end) of the optional parts, which a mistake may repeat. */
        private final List<int[]> options = new ArrayList<>();
        /** Positions of integer arguments, which a mistake may spoil. */
        private final List<Integer> integers = new ArrayList<>();
        private int fixed;
        private int pendingNumkeys = -1;

        Request(DocCommand command, int repetitions) {
            this.command = command;
            this.repetitions = repetitions;
        }

        void arguments(List<DocArgument> arguments) {
            for (DocArgument argument : arguments) {
                argument(argument);
            }
        }

        void argument(DocArgument argument) {
            if (FuzzExclusions.excluded(command, argument) || (argument.optional() && random.nextBoolean())) {
                return;
            }
            int start = words.size();
            int times = argument.multiple() ? (random.nextInt(5) == 0 ? 1 + random.nextInt(3) : repetitions) : 1;
            for (int i = 0; i < times; i++) {
                if (argument.token() != null && (i == 0 || argument.multipleToken())) {
                    words.add(mixedCase(argument.token()));
                }
                value(argument);
            }
            if (argument.multiple() && pendingNumkeys >= 0) {
                words.set(pendingNumkeys, Integer.toString(times));
                pendingNumkeys = -1;
            }
            if (argument.optional() && words.size() > start) {
                options.add(new int[] {start, words.size()});
            }
        }

        private void value(DocArgument argument) {
            switch (argument.type()) {
                case "pure-token" -> {
                }
                case "oneof" -> {
                    List<DocArgument> choices = argument.children().stream()
                            .filter(c -> !FuzzExclusions.excluded(command, c)).toList();
                    argument(choices.get(random.nextInt(choices.size())));
                }
                case "block" -> arguments(argument.children());
                default -> {
                    if (argument.type().equals("integer")) {
                        integers.add(words.size());
                        if (argument.name().equals("numkeys") && random.nextInt(10) != 0) {
                            pendingNumkeys = words.size();
                        }
                    }
                    words.add(values.valueFor(command, argument));
                }
            }
        }

        void mistake() {
            int arguments = words.size() - fixed;
            switch (random.nextInt(10)) {
                case 0 -> {
                    if (arguments > 0) {
                        words.remove(fixed + random.nextInt(arguments));
                    }
                }
                case 1 -> words.add(fixed + random.nextInt(arguments + 1), values.invalidValue());
                case 2 -> replaceInteger(values.invalidValue());
                case 3 -> replaceInteger("-" + (1 + random.nextInt(3)));
                case 4 -> words.add(fixed + random.nextInt(arguments + 1), "NOSUCHTOKEN");
                case 5 -> {
                    // Not PSETEX: its value (say 1) would become a TTL of a millisecond, gone at no fixed time.
                    if (arguments > 1 && !command.fullName().equals("psetex")) {
                        int at = fixed + random.nextInt(arguments - 1);
                        words.set(at, words.set(at + 1, words.get(at)));
                    }
                }
                case 6 -> {
                    if (arguments > 0) {
                        int at = fixed + random.nextInt(arguments);
                        words.add(at, words.get(at));
                    }
                }
                case 7 -> {
                    if (fixed > 1) {
                        words.set(1, List.of("NOSUCHSUBCOMMAND", "HELP", "no such\r\n\u00e9").get(random.nextInt(3)));
                    }
                }
                case 8 -> {
                    if (!options.isEmpty()) {
                        int[] option = options.get(random.nextInt(options.size()));
                        if (option[1] <= words.size()) {
                            List<String> moved = new ArrayList<>(words.subList(option[0], option[1]));
                            words.subList(option[0], option[1]).clear();
                            words.addAll(fixed + random.nextInt(words.size() - fixed + 1), moved);
                        }
                    }
                }
                default -> {
                    if (!options.isEmpty()) {
                        int[] option = options.get(random.nextInt(options.size()));
                        if (option[1] <= words.size()) {
                            words.addAll(option[1], new ArrayList<>(words.subList(option[0], option[1])));
                        }
                    }
                }
            }
        }

        /** Positions recorded while generating; an earlier mistake may have moved or removed the word. */
        private void replaceInteger(String replacement) {
            if (!integers.isEmpty()) {
                int at = integers.get(random.nextInt(integers.size()));
                if (at < words.size()) {
                    words.set(at, replacement);
                }
            }
        }
    }
}
