package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random patterns over random subjects through find, match, gsub and gmatch, compared with redis-server 7.0: every
 * result and every error text must be the same. Seeds are fixed so a failure reproduces.
 */
class StringPatternPropertyTest {
    private static final String[] ITEMS = {"a", "b", "c", " ", ".", "%a", "%d", "%s", "%w", "%p", "%A", "%S", "%.",
            "[abc]", "[^a]", "[a-c]", "[%d%s]", "[]a]", "[%]]", "[a-]", "%b()", "%b{}", "%f[%w]", "%f[%W]", "%f[%z]",
            "(", ")", "()", "%1", "%2", "%3", "%%", "{", "}"};
    private static final String[] QUANTIFIERS = {"", "", "", "*", "+", "-", "?"};
    private static final String[] BROKEN = {"[", "%", "[a", "%f", "%b", "[%", "%fa", "%b("};
    private static final String SUBJECT_BYTES = "abc  19(){}%],.-!\0\u00ff";
    private static final int PAIRS_PER_SCRIPT = 60;
    private static final String SCRIPT = """
            local out = {}
            local function enc(ok, ...)
              local t = {tostring(ok)}
              for i = 1, select('#', ...) do local v = select(i, ...) t[#t+1] = type(v) .. ':' .. tostring(v) end
              return table.concat(t, '|')
            end
            local function all(s, p)
              local t = {}
              for a, b in string.gmatch(s, p) do
                t[#t+1] = tostring(a) .. ',' .. tostring(b)
                if #t > 50 then break end
              end
              return table.concat(t, ';')
            end
            for i = 1, #ARGV, 3 do
              local s, p, init = ARGV[i], ARGV[i+1], tonumber(ARGV[i+2])
              out[#out+1] = enc(pcall(string.find, s, p, init))
              out[#out+1] = enc(pcall(string.match, s, p, init))
              out[#out+1] = enc(pcall(string.gsub, s, p, '<%0%1>'))
              out[#out+1] = enc(pcall(string.gsub, s, p, function(...) return select('#', ...) end, 3))
              out[#out+1] = enc(pcall(all, s, p))
            end
            return out
            """;
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    @Test
    void randomPatternsMatchAsInRedis() {
        for (long seed = 1; seed <= 25; seed++) {
            Random random = new Random(seed);
            List<String> command = new ArrayList<>(List.of("EVAL", SCRIPT, "0"));
            for (int i = 0; i < PAIRS_PER_SCRIPT; i++) {
                command.add(subject(random));
                command.add(pattern(random));
                command.add(String.valueOf(random.nextInt(15) - 7));
            }
            diff.check(command.toArray(String[]::new));
        }
    }

    private static String subject(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(SUBJECT_BYTES.charAt(random.nextInt(SUBJECT_BYTES.length())));
        }
        return s.toString();
    }

    private static String pattern(Random random) {
        StringBuilder p = new StringBuilder();
        if (random.nextInt(5) == 0) {
            p.append('^');
        }
        int items = 1 + random.nextInt(5);
        for (int i = 0; i < items; i++) {
            String item = ITEMS[random.nextInt(ITEMS.length)];
            p.append(item);
            if (item.length() == 1 && "()".indexOf(item.charAt(0)) < 0 || item.startsWith("[") || isClass(item)) {
                p.append(QUANTIFIERS[random.nextInt(QUANTIFIERS.length)]);
            }
        }
        if (random.nextInt(6) == 0) {
            p.append('$');
        }
        if (random.nextInt(12) == 0) {
            p.insert(random.nextInt(p.length() + 1), BROKEN[random.nextInt(BROKEN.length)]);
        }
        return p.toString();
    }

    private static boolean isClass(String item) {
        return item.length() == 2 && item.charAt(0) == '%' && Character.isLetter(item.charAt(1))
                && item.charAt(1) != 'b' && item.charAt(1) != 'f';
    }
}
