package dev.keyslot.datanode.scripting;

import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * luaj's runtime error messages reworded as Lua 5.1's: "attempt to perform arithmetic on a table value" where luaj says
 * "attempt to perform arithmetic __add on number and table", "attempt to compare two table values" for "attempt to
 * compare __lt on table and table", and so on. Lua 5.1 names the variable when it knows it ("local 'x'", "field
 * 'a'"); luaj does not record those, so the messages here take the form Lua gives for an unnamed value.
 */
final class LuaMessages {
    private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("attempt to perform arithmetic __\\w+ on (\\w+) and (\\w+)"),
                    m -> "attempt to perform arithmetic on a " + (m.group(1).equals("number") ? m.group(2) : m.group(1))
                            + " value"),
            new Rule(Pattern.compile("attempt to perform arithmetic on (\\w+)$"),
                    m -> "attempt to perform arithmetic on a " + m.group(1) + " value"),
            new Rule(Pattern.compile("attempt to concatenate (\\w+) and (\\w+)"),
                    m -> "attempt to concatenate a " + (concatenable(m.group(1)) ? m.group(2) : m.group(1)) + " value"),
            new Rule(Pattern.compile("attempt to compare __l[te] on (\\w+) and (\\w+)"), LuaMessages::comparison),
            // luaj names the operands of a failed comparison in the opposite order, and sometimes adds its own suffix.
            new Rule(Pattern.compile("attempt to compare (\\w+) with (\\w+)(?: expected, got \\w+)?"),
                    m -> "attempt to compare " + m.group(2) + " with " + m.group(1)),
            new Rule(Pattern.compile("attempt to get length of (\\w+)$"),
                    m -> "attempt to get length of a " + m.group(1) + " value"),
            new Rule(Pattern.compile("attempt to call (\\w+)$"), m -> "attempt to call a " + m.group(1) + " value"),
            new Rule(Pattern.compile("attempt to index \\? \\(a (\\w+) value\\)"),
                    m -> "attempt to index a " + m.group(1) + " value"),
            new Rule(Pattern.compile("^index expected, got (\\w+)$"), m -> "attempt to index a " + m.group(1) + " value"));

    private LuaMessages() {
    }

    /** text with the first luaj wording found replaced by Lua 5.1's; other text unchanged. */
    static String asLua51(String text) {
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            if (m.find()) {
                return text.substring(0, m.start()) + rule.replacement().apply(m) + text.substring(m.end());
            }
        }
        return text;
    }

    private static boolean concatenable(String type) {
        return type.equals("string") || type.equals("number");
    }

    private static String comparison(MatchResult m) {
        return m.group(1).equals(m.group(2)) ? "attempt to compare two " + m.group(1) + " values"
                : "attempt to compare " + m.group(1) + " with " + m.group(2);
    }
}
