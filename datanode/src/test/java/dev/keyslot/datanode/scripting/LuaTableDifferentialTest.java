package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Lua tables as scripts see them in Redis 7.0: the order pairs and next walk keys in (and so the key order of
 * cjson.encode and cmsgpack.pack), the border # finds in a table with holes, and table.insert/remove/concat, compared
 * byte for byte with redis-server 7.0. Random scripts build tables by constructors, assignments, deletions and the
 * table library; seeds are fixed so a failure reproduces.
 */
class LuaTableDifferentialTest {
    /**
     * Appended to a script that built table t: # and every key=value pair in next's order (tables by type: their
     * addresses differ), then both encoders.
     */
    private static final String DUMP = """
            local r = {#t}
            local function show(x) return type(x) == 'table' and 'table' or tostring(x) end
            local k, v = next(t)
            while k ~= nil do r[#r + 1] = show(k) .. '=' .. show(v) k, v = next(t, k) end
            local plain = {}
            for k, v in pairs(t) do if type(k) ~= 'boolean' then plain[k] = v end end
            local ok, json = pcall(cjson.encode, plain)
            r[#r + 1] = tostring(json)
            r[#r + 1] = cmsgpack.pack(plain)
            return r
            """;
    private static final String[] WORDS = {"a", "b", "c", "id", "name", "x", "y", "z", "key", "value", "hello",
            "world", "foo", "bar", "k1", "k2", "k10", "user:1", "user:2", "", "a_much_longer_key_name_than_the_others",
            "ZZ", "Aa", "BB"};
    private static final String[] FLOAT_KEYS = {"1.5", "-0.5", "1e10", "2^31", "2^53", "0.1", "100.25", "-7", "0"};
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.check("SCRIPT", "FLUSH");
    }

    private static void eval(String script) {
        diff.check("EVAL", script, "0");
    }

    private static void dump(String build) {
        eval(build + "\n" + DUMP);
    }

    @Test
    void pairsWalksKeysInRedisOrder() {
        dump("local t = {a = 1, b = 2, c = 3, hello = 4, world = 5, x = {1, 2}}");
        dump("local t = {} for _, k in ipairs({'z', 'y', 'x', 'w', 'v', 'u', 'name', 'id', 'age'}) do t[k] = 1 end");
        dump("local t = {10, 20, 30, nil, 50} t[100] = 1 t.x = 1");
        dump("local t = {} for i = 1, 300 do t['key:' .. i] = i end for i = 1, 300, 3 do t['key:' .. i] = nil end");
        dump("local t = {} for i = 1, 100 do t[i * 2] = i end for i = 1, 50 do t[i] = nil end t[true] = 1 t[false] = 0");
        dump("local t = {} t[1.5] = 1 t[-0.5] = 2 t[1e10] = 3 t[2^31] = 4 t[2^53] = 5 t[0] = 6 t[-1] = 7");
        // Removing keys while walking, then reusing them.
        dump("local t = {} for i = 1, 40 do t['k' .. i] = i end"
                + " for k, v in pairs(t) do if v % 3 == 0 then t[k] = nil end end for i = 1, 40, 2 do t['k' .. i] = -i end");
    }

    @Test
    void constructorsSizeTablesAsLua51() {
        // More than 15 fields: the constructor's sizes are encoded ("floating point byte") and must be decoded.
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            fields.append(i % 3 == 0 ? "f" + i + " = " + i : String.valueOf(i)).append(", ");
        }
        dump("local t = {" + fields + "}");
        dump("local t = {1, nil, 3}");
        dump("local t = {1, 2, nil, 4}");
        dump("local t = {nil, nil, 3}");
        dump("local function f() return 1, nil, 3, nil end local t = {f()}");
        dump("local function f(...) return {...} end local t = f(1, nil, nil, 4, nil)");
        dump("local t = {unpack({1, 2, 3})} t[5] = 5");
    }

    @Test
    void lengthFindsLua51Border() {
        eval("return #{1, 2, nil, 4}");
        eval("local t = {1, 2, 3} t[2] = nil return #t");
        eval("local t = {} t[1] = 1 t[2] = 2 t[3] = 3 t[2] = nil return #t");
        eval("local t = {} for i = 1, 10 do t[i] = i end t[5] = nil return #t");
        eval("local t = {} t[1] = 1 t[4] = 4 return #t");
        eval("local t = {1} t[2^20] = 1 t[2] = 2 return #t");
        eval("return #setmetatable({}, {__len = function() return 5 end})");
        eval("local t = redis.call('ping') return #{redis.call('echo', 'a'), nil, 'c'}");
    }

    @Test
    void repliesAndArgumentsBecomeTablesAsInRedis() {
        diff.check("RPUSH", "l", "a", "b", "c", "d", "e");
        eval("local t = redis.call('lrange', 'l', 0, -1) t[2] = nil return #t");
        diff.check("EVAL", "local t = ARGV t[3] = nil t.x = 1 return {#t, cjson.encode(t)}", "0", "a", "b", "c", "d");
        for (int i = 0; i < 40; i++) {
            diff.check("HSET", "h", "field:" + i * 7, String.valueOf(i));
        }
        dump("redis.setresp(3) local t = redis.call('hgetall', 'h')['map'] t.extra = 1");
        dump("redis.setresp(3) local t = redis.call('smembers', 'l2')['set'] or {}");
        dump("local t = cjson.decode('{\"id\":1,\"name\":\"x\",\"tags\":[1,2],\"meta\":{\"a\":1,\"b\":2},\"zz\":0}')");
        eval("return cjson.encode(cjson.decode('{\"b\":1,\"a\":2,\"c\":{\"y\":1,\"x\":2},\"list\":[3,2,1]}'))");
        eval("return cmsgpack.pack(cmsgpack.unpack(cmsgpack.pack({b = 1, a = 2, c = 3, d = {x = 1, y = 2}})))");
    }

    @Test
    void cjsonJudgesArraysAsRedis() {
        eval("return cjson.encode({[1] = 'a', [2] = 'b', [20] = 'c'})");
        eval("return cjson.encode({[1] = 'a', [2^31] = 'b'})");
        eval("return {pcall(cjson.encode, {[true] = 1})}");
        eval("return {pcall(cjson.encode, {[{}] = 1})}");
        eval("return {pcall(cjson.encode, {1, 2, [30] = 3})}");
    }

    @Test
    void tableLibraryAsLua51() {
        eval("local t = {1, 2, 3} table.insert(t, 10, 'x') return {#t, t[10]}");
        eval("local t = {1, 2, 3} table.insert(t, 2, 'x') table.insert(t, 'y') return t");
        eval("local t = {1, 2, 3} table.insert(t, -1, 'x') return {t[-1], t[0], t[1], t[2], t[3], t[4]}");
        eval("return {table.insert({}, 1, 2, 3)}");
        eval("return {pcall(table.insert, {}, 1, 2, 3)}");
        eval("return {pcall(table.insert, {})}");
        eval("return {pcall(table.insert, nil, 1)}");
        eval("return {pcall(table.insert, {}, 'x', 1)}");
        eval("return select('#', table.remove({}))");
        eval("return select('#', table.remove({1}, 0))");
        eval("local t = {1, 2, 3, 4} return {table.remove(t, 2), table.remove(t), #t, t[1], t[2], t[3]}");
        eval("return table.concat({1, 2.5, 'x'}, ', ', 2)");
        eval("return table.concat({1, 2, 3}, 0, 2, 3)");
        eval("return table.concat({1, 2, {}}, ',')");
        eval("return table.concat({1, 2, 3}, {}, 1, 2)");
        eval("return {pcall(table.concat, nil, nil)}");
        eval("return {pcall(table.concat, {}, {})}");
        eval("return {pcall(table.concat, {1, nil, 3}, '-', 1, 3)}");
        eval("return table.concat({}, 'x', 3, 1)");
        eval("local t = {1, 2} t.n = 7 return {table.getn(t), table.maxn({1, [10] = 2, [2.5] = 1})}");
        eval("table.insert(table, 1)");
        eval("table.remove(string)");
    }

    @Test
    void valuesWithoutTextPrintTypeAndAddress() {
        eval("local r = {} for _, v in ipairs({{}, type, function() end, coroutine.create(function() end), redis.call})"
                + " do r[#r + 1] = (string.gsub(tostring(v), '0x%x+$', 'ADDRESS')) end return r");
        eval("return {tostring(cjson.null), tostring(nil), tostring(true), tostring(1/3), tostring('s')}");
        eval("return tostring(setmetatable({}, {__tostring = function() return 'custom' end}))");
        eval("local t = {} return tostring(t) == tostring(t) and tostring(t) ~= tostring({})");
    }

    @Test
    void theMainThreadAndTheStringMetatableAsInRedis() {
        eval("return {tostring(coroutine.running()), getmetatable('').__index == string,"
                + " rawequal(getmetatable('a'), getmetatable('b'))}");
        eval("local co = coroutine.create(function() return coroutine.running() ~= nil end) return {coroutine.resume(co)}");
    }

    @Test
    void libraryTablesListTheirFunctionsInRedisOrder() {
        eval("local r = {} for _, t in ipairs({redis, string, table, math, coroutine, cjson, bit, struct, cmsgpack}) do"
                + " local ks = {} for k in pairs(t) do ks[#ks + 1] = tostring(k) end r[#r + 1] = table.concat(ks, ',') end"
                + " return r");
    }

    @Test
    void invalidKeysAsLua51() {
        eval("local t = {} t[nil] = 1");
        eval("local t = {} t[0/0] = 1");
        eval("rawset({}, nil, 1)");
        eval("return {pcall(rawset, {}, 0/0, 1)}");
        eval("local t = {a = 1} return next(t, 'b')");
        eval("return {pcall(next, {}, 1)}");
        eval("local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end})"
                + " t.a = 5 t[1] = 3 return {t.a, t[1], #t}");
        eval("local t = {} setmetatable(t, {__newindex = t}) t.x = 1");
        eval("local log = {} local t = setmetatable({}, {__newindex = function(t, k) log[#log + 1] = k end})"
                + " t.b = 1 t.a = 1 t.c = nil local r = {} for k in pairs(t) do r[#r + 1] = k end return {log, r}");
    }

    @Test
    void randomTablesMatchRedis() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            for (int i = 0; i < 80; i++) {
                String script = new ScriptGenerator(random).editedTable();
                eval(script + "\n" + DUMP);
            }
            for (int i = 0; i < 40; i++) {
                String script = new ScriptGenerator(random).largeTable();
                eval(script + "\n" + DUMP);
            }
        }
    }

    /** Random scripts that leave a table in t. */
    private static final class ScriptGenerator {
        private final Random random;

        ScriptGenerator(Random random) {
            this.random = random;
        }

        String editedTable() {
            List<String> lines = new ArrayList<>();
            lines.add("local t = " + constructor());
            int edits = random.nextInt(31);
            for (int i = 0; i < edits; i++) {
                double r = random.nextDouble();
                if (r < 0.55) {
                    lines.add("t[" + key() + "] = " + value());
                } else if (r < 0.65) {
                    lines.add(random.nextBoolean() ? "table.insert(t, " + value() + ")"
                            : "table.insert(t, " + (1 + random.nextInt(8)) + ", " + value() + ")");
                } else if (r < 0.72) {
                    lines.add(random.nextBoolean() ? "table.remove(t)" : "table.remove(t, " + random.nextInt(9) + ")");
                } else if (r < 0.78) {
                    lines.add("for k in pairs(t) do if type(k) == 'number' and k % 2 == 0 then t[k] = nil end end");
                } else if (r < 0.82) {
                    lines.add("t = {unpack(t)}");
                } else if (r < 0.86) {
                    lines.add("for i = 1, " + (1 + random.nextInt(40)) + " do t[#t + 1] = i end");
                } else {
                    lines.add("t[#t] = nil");
                }
            }
            return String.join("\n", lines);
        }

        String largeTable() {
            int n = 1 + random.nextInt(300);
            return switch (random.nextInt(3)) {
                case 0 -> "local t = {} for i = 1, " + n + " do t['k' .. i * " + (1 + random.nextInt(13)) + "] = i end"
                        + " for i = 1, " + random.nextInt(n + 1) + " do t['k' .. i * " + (1 + random.nextInt(5))
                        + "] = nil end for i = 1, " + random.nextInt(50) + " do t['n' .. i] = i end";
                case 1 -> "local t = {} for i = 1, " + n + " do t[i * " + pick("1", "2", "0.5", "3", "-1", "1000")
                        + "] = i end for i = 1, " + random.nextInt(30) + " do t[i] = nil end t[true] = 1 t[0] = 0";
                default -> "local t = {} for i = 1, " + n + " do t[i] = i end"
                        + " for k, v in pairs(t) do if v % " + (2 + random.nextInt(4)) + " == 0 then t[k] = nil end end"
                        + " for i = 1, " + random.nextInt(20) + " do t['x' .. i] = i end";
            };
        }

        private String constructor() {
            int n = new int[] {0, 0, 1, 3, 5, 10, 17, 30, 60}[random.nextInt(9)];
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double r = random.nextDouble();
                if (r < 0.6) {
                    items.add(random.nextDouble() < 0.9 ? value() : "nil");
                } else if (r < 0.9) {
                    items.add(random.nextBoolean() ? "[" + key() + "] = " + random.nextInt(10)
                            : pick("a", "b", "c", "id", "name", "x", "y", "z") + " = " + random.nextInt(10));
                } else {
                    items.add("unpack({1, 2, 3})");
                }
            }
            return "{" + String.join(", ", items) + "}";
        }

        private String key() {
            double r = random.nextDouble();
            if (r < 0.45) {
                return random.nextDouble() < 0.7 ? quoted(WORDS[random.nextInt(WORDS.length)]) : "'s" + random.nextInt(61) + "'";
            }
            if (r < 0.8) {
                return String.valueOf(pick(() -> 1 + random.nextInt(40), () -> random.nextInt(7) - 3,
                        () -> 1 + random.nextInt(200)));
            }
            if (r < 0.92) {
                return FLOAT_KEYS[random.nextInt(FLOAT_KEYS.length)];
            }
            return random.nextBoolean() ? "true" : "false";
        }

        private String value() {
            double r = random.nextDouble();
            if (r < 0.15) {
                return "nil";
            }
            return r < 0.6 ? String.valueOf(random.nextInt(100)) : quoted(WORDS[random.nextInt(10)]);
        }

        private static String quoted(String s) {
            return "'" + s + "'";
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }

        @SafeVarargs
        private <T> T pick(Supplier<T>... choices) {
            return choices[random.nextInt(choices.length)].get();
        }
    }
}
