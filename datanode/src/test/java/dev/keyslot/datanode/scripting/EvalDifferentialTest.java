package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EVAL, EVALSHA, the _RO variants and SCRIPT, compared byte for byte with redis-server 7.0. */
class EvalDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.check("SCRIPT", "FLUSH");
    }

    /** EVAL script numkeys followed by keys and arguments. */
    private static void eval(String script, String... numkeysKeysArgs) {
        List<String> args = new ArrayList<>(List.of("EVAL", script));
        if (numkeysKeysArgs.length == 0) {
            args.add("0");
        }
        args.addAll(List.of(numkeysKeysArgs));
        diff.check(args.toArray(String[]::new));
    }

    @Test
    void luaValuesBecomeRespReplies() {
        eval("return 1");
        eval("return {1,2,3,'ciao',{1,2}}");
        eval("return {1,2,nil,3}");
        eval("return 3.99");
        eval("return -3.99");
        eval("return true");
        eval("return false");
        eval("return nil");
        eval("return {err='ERR custom'}");
        eval("return {err='no code'}");
        eval("return {ok='fine'}");
        eval("return {ok='two\\r\\nlines'}");
        eval("return {double=3.5}");
        eval("return {big_number='12345678901234567890'}");
        eval("return {map={a=1}}");
        eval("return {set={a=true}}");
        eval("return {verbatim_string={format='txt', string='hi'}}");
        eval("local t = {} t[1]='a' t[3]='b' return t");
        eval("return function() end");
    }

    /** Redis's C cast gives Long.MIN_VALUE for NaN and numbers past the long range; Java's cast saturates. */
    @Test
    void numbersOutsideTheLongRangeBecomeTheIntegerIndefinite() {
        eval("return 1/0");
        eval("return -1/0");
        eval("return 0/0");
        eval("return 2^63");
        eval("return -2^63");
        eval("return 2^63 - 1024");
        eval("return {2^64, -2^64, 1e300, -3.7}");
    }

    @Test
    void redisReplyTypesBecomeLuaValues() {
        diff.check("SET", "k", "v");
        diff.check("RPUSH", "l", "a", "b");
        eval("return redis.call('get', KEYS[1])", "1", "k");
        eval("return redis.call('get', 'missing')");
        eval("return type(redis.call('get', 'missing'))");
        eval("return redis.call('lrange', 'l', 0, -1)");
        eval("return redis.call('set', 'x', 'y')");
        eval("local r = redis.call('set', 'x', 'y') return r.ok");
        eval("return redis.call('incr', 'n')");
        eval("return redis.call('ping')");
        eval("return redis.pcall('incr', 'k')");
        eval("return redis.pcall('incr', 'k').err");
        eval("return redis.call('exists', 'k', 'missing')");
        eval("return #KEYS + #ARGV", "2", "a", "b", "c");
        eval("return {KEYS[1], ARGV[1], ARGV[2]}", "1", "key", "arg1", "arg2");
    }

    @Test
    void resp3ConversionsWithSetresp() {
        diff.check("HSET", "h", "f", "v");
        diff.check("SADD", "s", "m");
        diff.check("ZADD", "z", "1.5", "m");
        eval("redis.setresp(3) return redis.call('hgetall', 'h')");
        eval("redis.setresp(3) return redis.call('hgetall', 'h').map.f");
        eval("redis.setresp(3) return redis.call('smembers', 's')");
        eval("redis.setresp(3) return redis.call('zscore', 'z', 'm')");
        eval("redis.setresp(3) return redis.call('zscore', 'z', 'm').double");
        eval("redis.setresp(3) return type(redis.call('get', 'missing'))");
        eval("redis.setresp(3) return redis.call('exists', 'h') == 1");
        eval("redis.setresp(3) return true");
        eval("redis.setresp(3) return false");
        eval("redis.setresp(4)");
        eval("redis.setresp()");
        eval("return {double=0/0}");
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        eval("return {map={a=1}}");
        eval("return {set={a=true}}");
        eval("return {double=2.5}");
        eval("return {double=1/0}");
        eval("return {double=-1/0}");
        eval("return {double=0/0}");
        eval("return {double=math.huge-math.huge}");
        eval("return {double=math.sqrt(-1)}");
        eval("return {big_number='123'}");
        eval("return {verbatim_string={format='txt', string='hi'}}");
        eval("return nil");
        eval("return false");
        eval("redis.setresp(3) return false");
        eval("redis.setresp(3) return redis.call('hgetall', 'h')");
        diff.redisConnection().call("HELLO", "2");
        diff.nodeConnection().call("HELLO", "2");
    }

    @Test
    void commandErrorsRaisedAndCaught() {
        diff.check("SET", "k", "v");
        eval("return redis.call('incr', 'k')");
        eval("redis.call('incr', 'k') return 1");
        eval("return redis.call('nosuch')");
        eval("return redis.call('get')");
        eval("return redis.call()");
        eval("return redis.pcall()");
        eval("return redis.call('multi')");
        eval("return redis.call('set', {}, 1)");
        eval("return redis.pcall('set', {}, 1)");
        eval("return redis.call('config', 'nosuch')");
        eval("return redis.call('config')");
        eval("return pcall(redis.call, 'nosuch')");
        eval("local ok, e = pcall(redis.call, 'nosuch') return e");
        eval("local ok, e = pcall(error, 'x') return e");
        eval("local ok, e = pcall(error, {err='CODE y'}) return e");
        eval("error('boom')");
        eval("error({err='MY x'})");
        eval("\n\nerror('third line')");
        eval("local function f()\n  error('deep')\nend\nf()");
        eval("return redis.error_reply('x y')");
        eval("return redis.error_reply('-x y')");
        eval("return redis.error_reply()");
        eval("return redis.status_reply('FINE')");
        eval("return redis.status_reply(1)");
    }

    /** _G is laid out as Redis builds it, so pairs meets the globals in its order, before and after SCRIPT FLUSH. */
    @Test
    void pairsMeetsTheGlobalsInRedisOrder() {
        String globals = "local t = {} for k in pairs(_G) do t[#t+1] = k end return t";
        eval(globals);
        eval(globals, "1", "k", "a");
        diff.check("SCRIPT", "FLUSH");
        eval(globals);
        eval("return {next(_G, 'KEYS')}");
    }

    /** loadstring, load, pcall, xpcall, collectgarbage and coroutine functions given wrong or missing arguments. */
    @Test
    void baseFunctionsCheckArgumentsAsLua51() {
        eval("return loadstring(function() end)");
        eval("return {pcall(loadstring, 'return 1', {})}");
        eval("return {loadstring(5)}");
        eval("return load('return 1')");
        eval("return {pcall(load, function() return nil end, {})}");
        eval("return {pcall()}");
        eval("return {xpcall(nil)}");
        eval("return {xpcall(nil, nil)}");
        eval("return {xpcall(error, function() error('again') end)}");
        eval("return {pcall(coroutine.create, string.len)}");
        eval("return {pcall(coroutine.wrap, 5)}");
        eval("return {pcall(coroutine.status, nil)}");
        eval("return collectgarbage('x')");
        eval("return {pcall(collectgarbage, 1)}");
        eval("return {pcall(collectgarbage, 'count', {})}");
        eval("return {#{collectgarbage('count')}, collectgarbage(), collectgarbage('stop'), collectgarbage('restart')}");
        eval("return {collectgarbage('setpause', 150), collectgarbage('setpause'), collectgarbage('setstepmul', 300)}");
        eval("return {collectgarbage('setpause', 200), collectgarbage('setstepmul', 200)}");
    }

    @Test
    void globalsAreProtected() {
        eval("x = 5");
        eval("return y");
        eval("string.foo = 1");
        eval("redis.call = nil");
        eval("local t = {} t.a = 1 return t.a");
        eval("return type(unpack) .. type(loadstring) .. type(setfenv) .. type(getfenv) .. type(rawlen)");
        eval("return type(print) .. type(os) .. type(io) .. type(require) .. type(dofile) .. type(debug)");
        eval("return _VERSION");
        eval("return unpack({1,2,3})");
        eval("return loadstring('return 5')()");
        eval("return table.getn({1,2}) .. math.mod(7,3) .. math.log10(100)");
        eval("return {tostring(1e15), tostring(0.1), tostring(-2.5), tostring(1/0), tostring(7)}");
        eval("return rawget(_G, 'KEYS')[1]", "1", "a");
        eval("rawset(redis, 'x', 1)");
        eval("rawset(_G, 'y', 1)");
        eval("setmetatable(_G, nil)");
        eval("setmetatable(redis, {})");
        eval("redis.x = 1");
        eval("_G.y = 1");
    }

    @Test
    void numbersBecomeTextAsCLuaPrintsThem() {
        // Wherever Lua turns a number into a string on its own: "..", table.concat, string functions, tostring.
        eval("return 'x' .. 1/3 .. ' ' .. 1e15 .. ' ' .. 2^63 .. ' ' .. 100000000000000 .. ' ' .. 0.1 + 0.2");
        eval("return table.concat({1.5, 1/3, 2, 2^53, -1e-5}, ',')");
        eval("return string.len(1/3) .. string.upper(10/3) .. string.rep(1.5, 2) .. string.sub(1/3, 1, 5)");
        eval("return tostring(2^53) .. ' ' .. tostring(-2^63) .. ' ' .. 1e-5 .. ' ' .. 123456789012345");
        eval("return tostring(1/0) .. tostring(-1/0) .. tostring(0/0) .. (1/0) .. (0/0)");
        eval("local t = {} t[1.5] = 'v' for k in pairs(t) do return k .. '' end");
        eval("redis.call('set', 'n', 'x' .. 1e100) return redis.call('get', 'n')");
    }

    @Test
    void compileErrorsNameTheTokenAsLua51Does() {
        for (String source : new String[] {"return +", "return 1 +", "if true then", "return 'abc", "return 1 1",
                "for i=1 do end", "return [[abc", "local function() end", "local t = {1,2", "--[[ unterminated",
                "local 1 = 2", "return function(a,) end", "x = }", "return end", "return {1,2,3}[1]",
                "return 1 +\n\n 'x' 'y'", "return 1e", "return 0x", "return 3abc", "return 1.2.3", "return 08",
                "return 0x1F + 1e2 + .5e1 + 5. + 0x1p4"}) {
            eval(source);
        }
        diff.check("FUNCTION", "LOAD", "#!lua name=broken\nredis.register_function('f', function() return 1e end)");
        eval("return {loadstring('return 1 1')}");
        // Lua 5.1's parser and lexer, not Lua 5.2's: an expression statement expects an assignment, goto is a name,
        // there are no labels, break must close its block, ';' only follows a statement, \\x and \\z are not escapes.
        for (String source : new String[] {"x y", "local t = {} t.a b", "(x) y", "a, b c", "goto continue",
                "::a:: return 1", "return 1 ::", "for i = 1, 2 do ::c:: end", "local x = a::b", "break",
                "if true then break end", "while true do local function f() break end end",
                "for i = 1, 2 do do break end end return 3", "repeat break until true return 2",
                "while true do break local x = 1 end", "while true do break; ; end", "x = 1;;", ";", "do ; end",
                "local x = 1; local y = 2; return x + y;", "for i = 1, 2 do break; end return 1",
                "if true then return 1; else return 2; end", "f(1, 2), t.a", "# comment\nreturn 1", "(f)() x = 1"}) {
            eval(source);
        }
        eval("local goto = 1 local t = {goto = 2} return goto + t.goto");
        eval("return {'\\x41', 'a\\z   b', '\\q', '\\65\\066\\0677'}");
    }

    @Test
    void runtimeErrorsWordedAsLua51() {
        for (String expression : new String[] {"1 + {}", "'a' + 1", "-{}", "{} * 'x'", "2 ^ {}", "5 % nil", "#5", "#nil",
                "('x')()", "nil .. 'a'", "'a' .. {}", "1 .. true", "{} < {}", "1 < 'x'", "'x' <= 1", "nil > 1",
                "true >= false"}) {
            eval("return {pcall(function() return " + expression + " end)}");
        }
        eval("return 1 + {}");
        eval("return {} < {}");
        eval("return {pcall(function() error() end)}");
        eval("return {pcall(error)}");
        eval("error()");
        eval("return {xpcall(function() error() end, function(m) return type(m) end)}");
        eval("return {xpcall(function() error('e') end, function(m) return 'h: ' .. m end)}");
        eval("return {xpcall(function(...) return select('#', ...) end, print)}");
        eval("return {coroutine.resume(coroutine.create(function() error('in co') end))}");
        // error's level: 0 raises the value as it is, a position is added to strings and numbers only.
        eval("error('x', 0)");
        eval("return {pcall(function() error('x', 0) end)}");
        eval("return {pcall(function() error(5, 0) end)}");
        eval("return {pcall(function() error(5) end)}");
        eval("return {pcall(function() error({1}, 0) end)}");
        eval("return {pcall(error, 'x', 0)}");
    }

    @Test
    void runtimeErrorsNameTheVariableAsLua51() {
        eval("local current = redis.call('get', KEYS[1]) return current + 1", "1", "nokey");
        for (String body : new String[] {"local x = nil; return x.y", "local t = {} return t.a.b", "return KEYS.a.b",
                "local x = 5 return x.y", "local x = nil; x.y = 1", "local t = {} t.x.y = 1", "local t = {} return t + 1",
                "local t = {} t.count = t.count + 1", "local n = 1 return n + {}", "local t = {} return -t",
                "local f = 5 f()", "local t = {} t.x()", "return ('x'):bad()", "local s = 'abc' return s:nosuch()",
                "return redis.nosuch()", "local up = nil local function f() return up.x end return f()",
                "local x = {} return #x.y", "local s = 'a' .. ARGV[1]", "local x return 'a' .. x"}) {
            eval("return {pcall(function() " + body + " end)}");
        }
        eval("local a = {} return a.b.c.d");
        // The operand blamed is the one Lua 5.1 blames by value: a number converts, so the string beside it is blamed.
        for (String body : new String[] {"local s, n = 'a', 1 return n - s", "local s, n = 'a', 1 return n ^ s",
                "local s, n = '10', {} return s - n", "local s, n = 'x', {} return s - n",
                "local x = 0 return x / ('1e308' .. -0.5)", "local a, b = 'a', true return a <= b",
                "local a, b = {}, 1 return a < b", "local a = 'x' return 1 > a",
                "local a, b, c = 'x', {}, 'y' return a .. b .. c", "local a, b, c = {}, 'x', 'y' return a .. b .. c",
                "local a, b, c = 'x', 'y', {} return a .. b .. c", "local a, b, c = {}, true, 'y' return a .. b .. c",
                "local a, b, c = 'z', true, {} return a .. b .. c", "local t = {} return t.x .. 'a' .. t.y"}) {
            eval("return {pcall(function() " + body + " end)}");
        }
    }

    @Test
    void argumentErrorsNameTheFunctionAsTheCallDoes() {
        // A method call does not count self; a local alias, a field or an upvalue is named as the call names it.
        for (String body : new String[] {"return ('x'):rep()", "local s = 'x' return s:rep('a')",
                "local f = string.rep return f()", "local t = {f = string.rep} return t.f()", "return ('x'):sub({})",
                "local up = string.rep local function g() return up() end return g()",
                "local t = {rep = string.rep} return t:rep(3)", "local t = {string.rep} return t[1]()",
                "return (function() return string.rep end)()()", "local ins = table.insert ins(nil, 1)",
                "error(\"bad argument #1 to 'foo' (bar)\")", "local c = cmsgpack c.pack()"}) {
            eval(body);
        }
        eval("return {pcall(string.rep)}");
    }

    @Test
    void stringsAndNumbersConvertAsC() {
        // A sorted set's infinite score comes back as "inf": arithmetic reads it as strtod does.
        diff.check("ZADD", "z", "+inf", "top", "-inf", "bottom");
        eval("local s = redis.call('zscore', 'z', 'top') return tostring(s + 1)");
        eval("return {tostring('-inf' * 2), tostring('0x10' + 0), tostring(' 1e2 ' / 4), tostring(math.floor('0x1p4'))}");
        for (String args : new String[] {"'ff', 16", "'0x1f', 16", "' -ff ', 16", "'zz', 36", "'777', 8", "'12', 2",
                "'1e2', 16", "'ffffffffffffffffff', 16", "'-1', 16", "'', 16", "'0x', 16", "' 11 ', 2", "'12\\0ab', 16",
                "12, 16", "'8', 8", "'fffffffffffffffe', 16", "'-0', 2", "'+z', 36", "'10', 10.7", "nil", "'0x10'"}) {
            eval("return tostring(tonumber(" + args + "))");
        }
        for (String args : new String[] {"'x', 1", "{}, 16", "'x', 'y'", "nil, 37", ""}) {
            eval("return {pcall(tonumber" + (args.isEmpty() ? "" : ", " + args) + ")}");
        }
    }

    @Test
    void arithmeticFollowsIeeeAndLibm() {
        eval("local x = 0 return {tostring(1 / x), tostring(-1 / x), tostring(1 / -x), tostring((x / x) == (x / x)),"
                + " tostring(-1 % x), tostring((0/0) / x)}");
        eval("return {1 ^ (1/0), math.pow(1, 0/0), (-1) ^ (1/0), tostring(0 ^ -1), tostring(2 ^ 0.5)}");
        eval("local r = {} for _, x in ipairs({1/0, -1/0, 5e-324, 0, -3, 1e300, 0.75}) do local m, e = math.frexp(x)"
                + " r[#r + 1] = tostring(m) .. ' ' .. tostring(e) end return r");
        eval("return {tostring(math.ldexp(1e-5, 1e308)), tostring(math.ldexp(100, 1e15)), tostring(math.ldexp(3, 2))}");
        for (String f : new String[] {"atan2", "fmod", "pow", "ldexp", "mod"}) {
            eval("return {pcall(math." + f + ", 'x', {})}");
        }
        eval("return {string.format('%c', -2^63), string.format('%5c|', 0), string.format('%-5c|', 0),"
                + " string.format('%c', 65 + 256), string.format('%c', 1e300)}");
    }

    @Test
    void libraryArgumentErrorsAsLua51() {
        for (String call : new String[] {"ipairs(nil)", "pairs(nil)", "unpack(nil)", "next(nil)", "rawget(5)",
                "rawset({}, 1)", "rawequal(1)", "setmetatable({}, 5)", "setmetatable(5, {})", "getmetatable()",
                "tostring()", "type()", "assert()", "math.floor()", "math.floor('x')", "math.floor('3.7')", "math.max()",
                "math.max(1, 'x')", "math.fmod(1)", "math.sqrt({})", "table.insert(nil, 1)", "table.concat(5)",
                "table.sort({}, 5)", "table.remove(nil)", "table.getn('x')", "table.foreach({}, 5)",
                "coroutine.resume(5)"}) {
            eval("return {pcall(function() return " + call + " end)}");
        }
        for (String call : new String[] {"select(0)", "select(-1, 'a', 'b')", "select(-2, 'a', 'b')", "select(-3, 'a', 'b')",
                "select(5, 'a', 'b')", "select('#', 1, nil, 3)", "select('#x', 1, 2)", "select('x', 1)", "select()",
                "select('2', 'a', 'b')", "select(1.9, 'a', 'b')"}) {
            eval("return {pcall(function() return " + call + " end)}");
        }
        for (String call : new String[] {"math.random(0)", "math.random('x')", "math.random(1, 'x')", "math.random(2, 1)",
                "math.randomseed()", "math.randomseed('x')"}) {
            eval("return {pcall(function() return " + call + " end)}");
        }
        // Called by pcall itself, the function has no name ('?').
        eval("return {pcall(math.random, 0)}");
        eval("return {pcall(math.randomseed)}");
        eval("return {pcall(ipairs)}");
        eval("return {pcall(math.floor, 'x')}");
        eval("return ipairs(nil)");
    }

    @Test
    void tableSortOrdersAsLua51() {
        // Not stable: ties end in the order Lua 5.1's quicksort leaves them.
        eval("local t = {} for i = 1, 50 do t[i] = {id = i, s = i % 4} end"
                + " table.sort(t, function(a, b) return a.s < b.s end)"
                + " local r = {} for i = 1, 50 do r[i] = t[i].id end return r");
        eval("local t = {} for i = 1, 200 do t[i] = (i * 7919) % 101 end"
                + " table.sort(t, function(a, b) return a % 10 < b % 10 end) return t");
        eval("local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0} table.sort(t) return t");
        eval("local t = {'b', 'a', 'B', 'ab', '', 'a\\0b', 'a\\0a'} table.sort(t) return t");
        eval("local mt = {__lt = function(a, b) return a.v < b.v end} local t = {}"
                + " for i, v in ipairs({3, 1, 2}) do t[i] = setmetatable({v = v}, mt) end"
                + " table.sort(t) return {t[1].v, t[2].v, t[3].v}");
        eval("local t = {1, 'a'} table.sort(t) return t");
        for (String list : new String[] {"{1, 'a'}", "{{}, {}}", "{true, false}"}) {
            eval("return {pcall(table.sort, " + list + ")}");
        }
        eval("return {pcall(table.sort, {3, 2, 1, 5, 4, 7, 6, 9, 8}, function(a, b) return true end)}");
        eval("return {pcall(table.sort, {1, 2, 3}, function(a, b) error('cmp') end)}");
    }

    @Test
    void negativeZeroIsANumberOfItsOwn() {
        // Lua 5.1's numbers are doubles: -x of a zero, a zero times a negative number, ceil(-0.5) are -0.
        eval("local x, y = 0, -1 return {tostring(-x), tostring(x * y), tostring(y * x), tostring(x / y),"
                + " tostring(math.ceil(-0.5)), tostring(-x + 0), tostring(-x - 0), cjson.encode({-x}),"
                + " string.format('%g %d %s', -x, -x, -x), tostring(-x * 0), tostring(x * -1.5), -x .. '', -x}");
        // A chunk's constants 0 and -0 are one constant: whichever comes first.
        eval("return {tostring(-0), tostring(0)}");
        eval("return {tostring(0), tostring(-0), tostring(-0.0 * 1)}");
        eval("return {tostring(tonumber('-0')), tonumber('-0')}");
        eval("local t = {} t[-(0)] = 'z' local k = next(t) return {tostring(k), t[0]}");
        eval("local x = 0 redis.call('set', 'k', -x) return redis.call('get', 'k')");
    }

    @Test
    void mathFunctionsComputeOnDoubles() {
        eval("return {tostring(math.fmod(1, 0)), tostring(math.fmod(-1, 1)), tostring(math.fmod(5.5, 2)),"
                + " tostring(math.fmod(-7, 3)), tostring(math.fmod('7', '3')), tostring(math.fmod(2^53, 3))}");
        eval("local x = 0 return {tostring(math.max(1, 0/0)), tostring(math.max(0/0, 1)), tostring(math.min(1, 0/0)),"
                + " tostring(math.max(-x, 0)), tostring(math.min(0, -x)), tostring(math.max('3', 2)),"
                + " tostring(math.min(2^53, 1)), tostring(math.max(-1, -0.5)), tostring(math.max(7))}");
        eval("return {pcall(math.max)}");
        eval("return {pcall(math.min, 1, 'x')}");
        eval("return {pcall(math.fmod, 1)}");
    }

    @Test
    void tonumberReadsStringsAsStrtod() {
        eval("return {tostring(tonumber('nan')), tostring(tonumber('inf')), tostring(tonumber('-infinity')),"
                + " tostring(tonumber(' 0x1p4 ')), tostring(tonumber('0x10')), tostring(tonumber('1e400')),"
                + " tostring(tonumber('.5')), tostring(tonumber('5.')), tostring(tonumber('1E+2')),"
                + " tostring(tonumber('12\\0abc'))}");
        eval("return {tostring(tonumber('0x')), tostring(tonumber('1e')), tostring(tonumber('')),"
                + " tostring(tonumber('  ')), tostring(tonumber('12abc')), tostring(tonumber({})), tostring(tonumber(true))}");
        eval("return {tonumber('ff', 16), tonumber('10', 10), tonumber(12), tonumber('777', 8), tonumber('zz', 36)}");
        eval("return tonumber('nan')");
        eval("return tonumber()");
    }

    @Test
    void stringFormatFollowsCPrintf() {
        eval("return string.format('%5.2f|%-8.3e|%g|%G|%E|%10.4g|%+d|% d|%05d|%x|%X|%#x|%o|%#o|%c|%s|%10s|%-10s|%.2s|%%"
                + "|%i|%u', 3.14159, 12345.678, 0.0001, 1e20, 1.5, 2/3, 5, 5, 42, 255, 255, 255, 8, 8, 65, 'str', 'r',"
                + " 'l', 'trunc', 7, 9)");
        eval("return string.format('%f', 1e300)");
        eval("return string.format('%.0f|%#.0f|%.10g|%g|%g|%g', 2.5, 2.5, 0.1, 100000, 1000000, 1e-5)");
        eval("return string.format('%f|%f|%f|%E|%G', 1/0, -1/0, 0/0, 1/0, 0/0)");
        eval("return string.format('%.3f %.2f %.1f %.0f %.0f %.0f %.2f', 0.0005, 0.125, 0.25, 0.5, 1.5, -0.5, -0.001)");
        eval("return string.format('%g %g %g %g %g %g %#g', 123456, 1234567, 0.0001234, 1e-10, 100, 0, 1)");
        eval("return string.format('%.14g %.17g %.20f %e %E %G', 0.1, 0.1, 0.1, 1e-300, 5e-324, 1e100)");
        eval("return string.format('%08.3f|%-8.2f|%+.1e|% .3g|%#.3x|%.0d|%.3d|%08.3d', -3.14159, 2.5, 12345,"
                + " 0.000012345, 255, 0, 7, -7)");
        eval("return string.format('%d|%d|%x|%o|%u|%d|%s', 3.7, -3.7, -1, 0, -2, '12', 1.5)");
        eval("return string.format('%d %s %x %x %u %x %d', 2^63, 2^63, 2^63, 2^64, 2^63 + 2^62, 0/0, -2^63)");
        eval("return string.format('%5.1s|%5s|%-5s|%05s|%-5c|%5c|%c', 'abc', 'ab', 'ab', 'ab', 65, 66, 256 + 33)");
        eval("return string.format('%q|%q|%q', 'a\"b\\\n', 1/3, 'a\\0b\\r')");
        eval("return string.format('%s|%s', 'a\\0b', string.rep('a', 100) .. '\\0b')");
        eval("return string.format('%100d', 1)");
        eval("return string.format('%-+ #0d', 1)");
        eval("return tostring(0/0) .. tostring(1e300 * 1e10)");
        for (String failing : new String[] {"'%a', 1", "'%z', 1", "'%d'", "'%d', 'x'", "'%s', nil", "'%s', {}",
                "'%------d', 1", "'%.100f', 1", "'%1000d', 1", "'%5'", "'%5', 1", "", "12"}) {
            eval("return string.format(" + failing + ")");
        }
    }

    @Test
    void redisApiHelpers() {
        eval("return redis.sha1hex('')");
        eval("return redis.sha1hex('Pizza & Mandolino')");
        eval("return redis.sha1hex()");
        eval("return redis.REDIS_VERSION");
        eval("return redis.REDIS_VERSION_NUM");
        eval("redis.set_repl(redis.REPL_ALL) return 1");
        eval("redis.set_repl(8)");
        eval("redis.set_repl()");
        eval("return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}");
        eval("return redis.replicate_commands()");
        eval("redis.log(redis.LOG_WARNING, 'hello from a script') return 1");
        eval("redis.log(9, 'x')");
        eval("redis.log(1)");
        eval("redis.log('a', 'b')");
        eval("return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}");
        eval("return redis.acl_check_cmd('get', 'k')");
        eval("return redis.acl_check_cmd('nosuch')");
        eval("return redis.breakpoint()");
    }

    @Test
    void cjsonBitAndRandom() {
        eval("return cjson.encode({1,2,3})");
        eval("return cjson.encode({a='b'})");
        eval("return cjson.encode('a/b\"c\\n')");
        eval("return cjson.encode({1.5, 0.1, 100000000000000, true, false})");
        eval("return cjson.encode({})");
        eval("return cjson.decode('[1,2,{\"a\":3}]')[3].a");
        eval("return cjson.encode(cjson.decode('{\"x\":null}'))");
        eval("return cjson.decode('\"\\\\u00e9\"')");
        eval("return cjson.encode({[1]=1, [20]=2})");
        eval("return cjson.encode(function() end)");
        eval("return cjson.decode('[1,')");
        eval("return cjson.decode('{\"a\" 1}')");
        eval("return cjson.decode('[1] x')");
        eval("return bit.band(0xff, 0x0f)");
        eval("return bit.tohex(65535)");
        eval("return bit.tohex(-1, -4)");
        eval("return {bit.bnot(0), bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2)}");
        eval("return {bit.bor(1, 2, 4), bit.bxor(7, 2), bit.rol(1, 33), bit.ror(1, 1), bit.bswap(1), bit.tobit(2^32 + 3)}");
        eval("return struct.pack('>i2', 258)");
        eval("return {struct.unpack('<hH', struct.pack('<hH', -2, 65535))}");
        eval("return {struct.unpack('>i3', struct.pack('>i3', -5))}");
        eval("return struct.size('!4 b i d')");
        eval("return struct.size('bhlT')");
        eval("return struct.pack('s', 'ab')");
        eval("return {struct.unpack('b c0', struct.pack('b c0', 3, 'xyz'))}");
        eval("return {struct.unpack('s', 'ab\\0cd')}");
        eval("return struct.pack('z', 1)");
        eval("return struct.size('s')");
        eval("return {struct.unpack('i', 'ab')}");
        eval("return tostring(struct.unpack('d', struct.pack('d', 1.5)))");
        eval("math.randomseed(42) return {math.random(100), math.random(5, 10), math.random(1000)}");
        eval("math.randomseed(7) return tostring(math.random())");
    }

    @Test
    void librariesConvertNumbersAsTheirCCode() {
        // LuaBitOp keeps the low 32 bits of n + 2^52 + 2^51; band and friends read arguments from the last.
        eval("return {bit.rshift(1e10, 2^63), bit.rshift(1/0, 2^31), bit.band(2^31, 1/0), bit.bnot(2^63),"
                + " bit.rol(1/0, -1), bit.tobit(-0.5), bit.tobit(1.5), bit.tobit(2.5), bit.band('0x10', 3)}");
        eval("return {bit.tohex(255, -2^31), bit.tohex(255, 0), bit.tohex(-1, 20), bit.tohex(1, -3)}");
        for (String call : new String[] {"bit.band('x')", "bit.band(1, {})", "bit.band({}, 1, 'y')", "bit.tobit()",
                "bit.tohex(1, 'x')", "bit.tohex(1, nil)", "bit.lshift(1)"}) {
            eval("return {pcall(function() return " + call + " end)}");
        }
        // struct: C's casts to (unsigned) long long, and pack's nil after its arguments.
        eval("return {struct.unpack('B', struct.pack('B', 2^63)), struct.unpack('i8', struct.pack('i8', 2^63)),"
                + " struct.unpack('<i3', struct.pack('<i3', 1/0)), struct.unpack('<I2', struct.pack('<I2', 1/0)),"
                + " struct.unpack('>I8', struct.pack('>I8', -1))}");
        for (String call : new String[] {"struct.pack('Bxh', 3)", "struct.pack('bb')", "struct.pack('b', {})",
                "struct.pack('s')", "struct.pack('c2', 'a')"}) {
            eval("return {pcall(function() return " + call + " end)}");
        }
    }

    @Test
    void cjsonSettingsAsLuaCjson() {
        eval("local ks = {} for k in pairs(cjson) do ks[#ks + 1] = k end return table.concat(ks, ',')");
        for (String script : new String[] {"return {cjson.encode_sparse_array()}",
                "return {cjson.encode_sparse_array(true, 0, 5)}", "return {pcall(cjson.encode_sparse_array, 1, 2, 3, 4)}",
                "return {pcall(cjson.encode_sparse_array, true, -1)}", "return {pcall(cjson.encode_max_depth, 0)}",
                "return {pcall(cjson.encode_max_depth, 'x')}", "return {pcall(cjson.encode_number_precision, 15)}",
                "return {pcall(cjson.encode_keep_buffer, 'maybe')}", "return {pcall(cjson.encode_keep_buffer, {})}",
                "return {cjson.encode_invalid_numbers('null'), cjson.encode({1/0, 0/0}), cjson.encode_invalid_numbers(true),"
                        + " cjson.encode({1/0, -1/0, 0/0}), cjson.encode_invalid_numbers(false)}",
                "return {cjson.encode_number_precision(3), cjson.encode({1/3, 12345.678})}",
                "return {cjson.encode_sparse_array(true), cjson.encode({[1] = 1, [20] = 2})}",
                "return {cjson.encode_max_depth(2), pcall(cjson.encode, {{{1}}})}",
                "return {cjson.decode_max_depth(2), pcall(cjson.decode, '[[[1]]]')}",
                "return {cjson.decode_invalid_numbers(false), pcall(cjson.decode, '[0x10]'), pcall(cjson.decode, '[01]'),"
                        + " pcall(cjson.decode, '[inf]'), pcall(cjson.decode, '[-inf]')}",
                "local c = cjson.new() c.encode_number_precision(2) return {c.encode(1/3), cjson.encode(1/3), type(c.new)}"}) {
            eval(script);
        }
        // The settings last for the interpreter: until SCRIPT FLUSH.
        eval("cjson.encode_number_precision(5) return 1");
        eval("return cjson.encode(1/3)");
        diff.check("SCRIPT", "FLUSH");
        eval("return cjson.encode(1/3)");
    }

    @Test
    void cjsonDecodesAsLuaCjson() {
        for (String json : new String[] {"[1e400]", "[-0]", "[0x10]", "[1.]", "[.5]", "[01]", "[-]", "[+1]",
                "[Infinity]", "[NaN]", "[inf]", "[-inf]", "[+]", "\"", "{\"a", "{\"a\":", "{\"a\" 1}", "[1,]",
                "{\"a\":1,}", "  ", "", "a\\0", "\\0a", "[\"\\\\ud83d\\\\ude00\"]", "[\"\\\\ud83d\"]",
                "[\"\\\\udc00\"]", "[\"\\\\u12\"]", "[\"\\\\x\"]", "[1]\\0junk", "[truex]", "nul",
                "{1:2}", "{\"\\\\u0041\":1}"}) {
            eval("local ok, v = pcall(cjson.decode, '" + json + "')"
                    + " if not ok then return v end local ok2, e = pcall(cjson.encode, v) return e");
        }
    }

    /**
     * Scripts that return cjson.encode of a table or collect keys with pairs depend on Lua's table iteration order
     * (more in {@link LuaTableDifferentialTest}).
     */
    @Test
    void constructedTablesIterateInRedisOrder() {
        eval("return cjson.encode({a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8})");
        eval("return cjson.encode({x='1',y={1,2},z={k='v'}})");
        eval("return cjson.encode({[1]='a',[3]='c'})");
        eval("local r = {} for k in pairs({a=1,b=2,c=3,d=4}) do r[#r+1] = k end return r");
        eval("local r = {} for k in pairs({10,20,30,a=1,b=2}) do r[#r+1] = tostring(k) end return r");
        eval("local r = {} for k in pairs(cjson.decode('{\"a\":1,\"b\":2,\"c\":3,\"d\":4}')) do r[#r+1] = k end return r");
        eval("return cjson.encode(cjson.decode('{\"b\":1,\"a\":2,\"c\":[1,2,{\"z\":1,\"y\":2}]}'))");
        eval("local t = {} for i = 1, 5 do t[i] = i end t[3] = nil local r = {} for k in pairs(t) do r[#r+1] = tostring(k) end return r");
    }

    @Test
    void numkeysAndEvalshaErrors() {
        eval("return 1", "-1");
        eval("return 1", "2", "a");
        eval("return 1", "x");
        diff.check("EVAL", "return 1");
        diff.check("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0");
        diff.check("EVALSHA", "abc", "0");
        diff.check("EVALSHA", "abc", "x");
        eval("return 1 +");
    }

    @Test
    void scriptCacheCommands() {
        diff.check("SCRIPT", "LOAD", "return 'loaded'");
        diff.check("EVALSHA", "0f4c49929d8d0fc4f7d1ff13f3bf5e4eb4fb4e2e", "0");
        diff.check("EVALSHA", "0F4C49929D8D0FC4F7D1FF13F3BF5E4EB4FB4E2E", "0");
        diff.check("EVALSHA_RO", "0f4c49929d8d0fc4f7d1ff13f3bf5e4eb4fb4e2e", "0");
        diff.check("SCRIPT", "EXISTS", "0f4c49929d8d0fc4f7d1ff13f3bf5e4eb4fb4e2e", "ffffffffffffffffffffffffffffffffffffffff");
        eval("return 'cached by eval'");
        diff.check("SCRIPT", "EXISTS", "b0cd4d1c6d3c3e1f0bf1f8f29cea8c5c64e6a77f");
        diff.check("SCRIPT", "LOAD", "return 1 +");
        diff.check("SCRIPT", "FLUSH", "foo");
        diff.check("SCRIPT", "FLUSH", "sync", "x");
        diff.check("SCRIPT", "FLUSH", "ASYNC");
        diff.check("SCRIPT", "EXISTS", "0f4c49929d8d0fc4f7d1ff13f3bf5e4eb4fb4e2e");
        diff.check("SCRIPT", "EXISTS", "b0cd4d1c6d3c3e1f0bf1f8f29cea8c5c64e6a77f");
        eval("return 'cached by eval'");
        diff.check("SCRIPT", "EXISTS", "b0cd4d1c6d3c3e1f0bf1f8f29cea8c5c64e6a77f");
        diff.check("SCRIPT", "HELP");
        diff.check("SCRIPT", "KILL");
        diff.check("SCRIPT", "NOSUCH");
        diff.check("SCRIPT", "DEBUG", "no");
        diff.check("SCRIPT", "DEBUG", "maybe");
        diff.check("SCRIPT");
    }

    @Test
    void shebangFlagsAndReadOnlyScripts() {
        eval("#!lua flags=no-writes\nreturn redis.call('set','a','b')");
        eval("#!lua flags=no-writes\nreturn redis.call('get','a')");
        eval("#!lua flags=no-writes,allow-oom\nreturn 1");
        eval("#!lua flags=bad\nreturn 1");
        eval("#!lua\nreturn redis.call('set','a','b')");
        eval("#!lua flags=\nreturn 2");
        eval("#!luax\nreturn 1");
        eval("#!lua foo=bar\nreturn 1");
        eval("#!lua");
        eval("#!lua\nerror('line two')");
        diff.check("EVAL_RO", "return redis.call('set','a','b')", "0");
        diff.check("EVAL_RO", "return redis.call('get','a')", "0");
        diff.check("EVAL_RO", "#!lua\nreturn 1", "0");
        diff.check("EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0");
        diff.check("EVAL_RO", "return redis.call('publish','c','m')", "0");
        eval("#!lua flags=no-cluster\nreturn 1");
    }

    @Test
    void commandsInScriptsUseTheirOwnClient() {
        eval("redis.call('select', 1) redis.call('set','db1','x') return redis.call('get','db1')");
        diff.check("GET", "db1");
        diff.check("SELECT", "1");
        diff.check("GET", "db1");
        eval("return redis.call('get','db1')");
        diff.check("SELECT", "0");
        eval("return redis.call('blpop', 'nolist', 0)");
        eval("return redis.call('brpoplpush', 'a', 'b', 1)");
        eval("return redis.call('xread', 'block', 0, 'streams', 'nostream', '$')");
        eval("return redis.pcall('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 10, 'STREAMS', 's', '>')");
        eval("return redis.call('xread', 'count', 1, 'streams', 'nostream', '0')");
        eval("return redis.call('subscribe', 'c')");
        eval("return redis.call('eval', 'return 1', 0)");
        eval("return redis.call('exec')");
    }

    @Test
    void scriptsInsideTransactionsAndWatch() {
        diff.check("MULTI");
        diff.check("EVAL", "return redis.call('incr', 'c')", "0");
        diff.check("EVAL", "return redis.call('incr', 'c')", "0");
        diff.check("EXEC");
        diff.check("WATCH", "w");
        eval("return redis.call('set', 'w', '1')");
        diff.check("MULTI");
        diff.check("GET", "w");
        diff.check("EXEC");
    }

    @Test
    void commandStatisticsCountScriptCalls() {
        diff.check("CONFIG", "RESETSTAT");
        eval("redis.call('set', 'a', '1') redis.call('get', 'a') return redis.pcall('incr', 'nonum', 'x')");
        diff.check("SET", "t", "x");
        eval("redis.call('incr', 't')");
        String redis = new String(diff.redisConnection().call("INFO", "commandstats"));
        String node = new String(diff.nodeConnection().call("INFO", "commandstats"));
        for (String cmd : new String[] {"cmdstat_set:calls=2", "cmdstat_get:calls=1", "cmdstat_incr:calls=1",
                "cmdstat_eval:calls=2"}) {
            org.assertj.core.api.Assertions.assertThat(redis).contains(cmd);
            org.assertj.core.api.Assertions.assertThat(node).contains(cmd);
        }
    }

    /**
     * As in Redis, a command fails when an error reply was counted while it ran after the last command it called:
     * a script returning an error reply does, one whose refused or failing calls came before a plain result not.
     */
    @Test
    void errorRepliesDuringTheScriptFailIt() {
        for (String script : new String[] {"return redis.error_reply('MY_ERR failed')",
            "redis.pcall('incr', 'k', 'extra') return 1", "redis.pcall('set', 's', 'x') redis.pcall('incr', 's') return 1",
            "redis.pcall('incr', 'k', 'extra') return redis.error_reply('LATER failed')"}) {
            diff.check("CONFIG", "RESETSTAT");
            eval(script);
            org.assertj.core.api.Assertions.assertThat(evalStat(diff.nodeConnection())).as(script)
                    .isEqualTo(evalStat(diff.redisConnection()));
        }
    }

    /**
     * A script returning the error its redis.pcall got, or raising redis.call's, fails (EVAL's and FCALL's
     * failed_calls) although the error is counted once, for the command that raised it; a refused or unknown
     * command's error likewise.
     */
    @Test
    void aScriptReturningItsCommandsErrorFailsButCountsTheErrorOnce() {
        diff.check("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib\nredis.register_function('f', function() "
                + "return redis.pcall('incr', 's') end)");
        for (String script : new String[] {"return redis.pcall('incr', 's')", "return redis.call('incr', 's')",
            "return redis.pcall('nosuch')", "return redis.pcall('get')", "return redis.error_reply('x')",
            "error('boom')"}) {
            diff.check("SET", "s", "text");
            diff.check("CONFIG", "RESETSTAT");
            eval(script);
            diff.check("MULTI");
            diff.check("EVAL", script, "0");
            diff.check("EXEC");
            diff.check("FCALL", "f", "0");
            org.assertj.core.api.Assertions.assertThat(stats(diff.nodeConnection())).as(script)
                    .isEqualTo(stats(diff.redisConnection()));
        }
    }

    /** Error replies nested in a script's returned table are counted each and fail the script, as a returned one does. */
    @Test
    void errorRepliesNestedInTheReturnedValueAreCounted() {
        diff.check("CONFIG", "RESETSTAT");
        eval("return {1, redis.error_reply('XBAD one'), {redis.error_reply('YBAD two')}}");
        eval("return {redis.error_reply('XBAD again'), redis.status_reply('fine')}");
        org.assertj.core.api.Assertions.assertThat(stats(diff.nodeConnection())).isEqualTo(stats(diff.redisConnection()));
    }

    /**
     * A table that contains itself is answered as deep as Redis's conversion gets on Lua's stack, then "reached lua
     * stack limit" in place of the rest: arrays, and in RESP3 maps through their keys or values and sets.
     */
    @Test
    void selfContainingTablesStopAtLuasStackLimit() {
        diff.check("CONFIG", "RESETSTAT");
        eval("local a = {} local b = {a} a[1] = b return a");
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        try {
            eval("redis.setresp(3) local a = {} a.map = {} a.map['k'] = a return a");
            eval("redis.setresp(3) local a = {} a.map = {} a.map[a] = 1 return a");
            eval("redis.setresp(3) local a = {} a.set = {} a.set[a] = true return a");
        } finally {
            diff.redisConnection().call("HELLO", "2");
            diff.nodeConnection().call("HELLO", "2");
        }
        org.assertj.core.api.Assertions.assertThat(stats(diff.nodeConnection())).isEqualTo(stats(diff.redisConnection()));
    }

    /** redis.acl_check_cmd answers for the script's caller: its commands, keys and channels. */
    @Test
    void aclCheckCmdAnswersForTheCallersUser() {
        diff.check("ACL", "SETUSER", "bob", "on", ">123", "+@scripting", "+set", "+publish", "~x*", "&news");
        try {
            diff.check("AUTH", "bob", "123");
            eval("return redis.acl_check_cmd('set', 'xx', 1)");
            eval("return redis.acl_check_cmd('hset', 'xx', 'f', 1)");
            eval("return redis.acl_check_cmd('set', 'yy', 1)");
            eval("return redis.acl_check_cmd('publish', 'news', 'm')");
            eval("return redis.acl_check_cmd('publish', 'other', 'm')");
            eval("return redis.acl_check_cmd('invalid-cmd', 'arg')");
            eval("return redis.acl_check_cmd('config', 'nosuch')");
            eval("return redis.acl_check_cmd()");
            eval("return redis.acl_check_cmd('set', {}, 1)");
        } finally {
            diff.reconnect();
            diff.check("ACL", "DELUSER", "bob");
        }
    }

    /** Every command's calls and failures (without timings, in name order) and the error counts. */
    private static List<String> stats(RawConnection conn) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(conn.call("INFO", "commandstats"), StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                lines.add(line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", ""));
            }
        }
        Collections.sort(lines);
        lines.addAll(List.of(new String(conn.call("INFO", "errorstats"), StandardCharsets.US_ASCII).split("\r\n")));
        return lines;
    }

    private static String evalStat(RawConnection conn) {
        String stats = new String(conn.call("INFO", "commandstats"), StandardCharsets.US_ASCII);
        Matcher m = Pattern.compile("cmdstat_eval:calls=\\d+,usec=\\d+,"
                + "usec_per_call=[\\d.]+,(rejected_calls=\\d+,failed_calls=\\d+)").matcher(stats);
        return m.find() ? m.group(1) : "no cmdstat_eval";
    }
}
