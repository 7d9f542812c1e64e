package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lua's string library inside EVAL, compared byte for byte with redis-server 7.0 (Lua 5.1): pattern matching,
 * its errors, the position rules of sub/byte/find and the wording of argument errors.
 */
class StringLibraryDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    private static void eval(String... scripts) {
        for (String script : scripts) {
            diff.check("EVAL", script, "0");
        }
    }

    /** Each expression's results, through pcall so that errors come back as values. */
    private static void pcalls(String... calls) {
        for (String call : calls) {
            eval("return {pcall(" + call + ")}");
        }
    }

    @Test
    void frontierPatternsMatchAtTheSubjectsEdges() {
        pcalls("string.find, 'THE quick', '%f[%a]%a+'",
                "string.match, 'THE (quick) fox', '%f[%a]%a+%f[%A]'",
                "string.find, 'abc', '%f[%z]'",
                "string.find, 'abc', '%f[%Z]'",
                "string.gsub, 'the cat sat', '%f[%w]%w+', string.upper",
                "string.gsub, 'THE (quick) fox', '%f[%a]%u+%f[%A]', '<%0>'");
    }

    @Test
    void malformedPatternsRaiseLuaErrorsWhenTheMatcherReachesThem() {
        pcalls("string.find, 'abc', '[a'",
                "string.find, 'abc', '[a-'",
                "string.find, 'abc', '[%'",
                "string.find, 'abc', '[]'",
                "string.find, 'abc', '[^]'",
                "string.find, 'abc', '%f'",
                "string.find, 'abc', '%fa'",
                "string.find, 'abc', '%'",
                "string.find, 'abc', '%b'",
                "string.find, 'abc', '%ba'",
                "string.find, 'abc', '(a'",
                "string.find, 'abc', 'a)'",
                "string.find, 'bcd', 'a)'",
                "string.find, 'abc', '%1'",
                "string.find, 'abc', '(a)%2'",
                "string.find, 'abc', '(a%1)'",
                "string.find, 'abc', '%0'",
                "string.find, string.rep('a', 40), string.rep('(a)', 33)",
                "string.match, string.rep('a', 40), string.rep('(a)', 32)",
                "string.find, 'xyz', 'a['",
                "string.gsub, 'abc', '(a', 'x'",
                "string.gsub, 'abc', '(a', {}",
                "string.gmatch('abc', '%')");
        eval("return string.find('abc', '[')",
                "return {pcall(function() return string.find('x', '[') end)}",
                "return {pcall(function() for w in string.gmatch('abc', '[a') do end end)}");
    }

    @Test
    void characterClassesSetsAndRangesFollowTheCLocale() {
        pcalls("string.find, 'aXb', '%u'",
                "string.match, '\\200\\201abc', '[\\128-\\255]+'",
                "string.match, '\\200\\201abc', '%A+'",
                "string.match, 'AbC1_', '[%u%d_]+'",
                "string.match, '0x1F', '^0x(%x+)$'",
                "string.match, '!@#~', '%p+'",
                "string.match, '\\1\\2\\127abc', '%c+'",
                "string.match, ' \\t\\n\\v\\f\\rx', '%s+'",
                "string.match, 'a\\0b', '%z'",
                "string.find, 'a\\0b', '%Z+', 2",
                "string.match, 'x.y', '%W'",
                "string.match, 'a.b', '%q'",
                "string.match, 'a-b', '[a%-b]+'",
                "string.match, 'a-b', '[%a-]+'",
                "string.find, 'ab', '[b-a]'",
                "string.find, '-', '[-a]'",
                "string.find, 'd', '[a-c-e]'",
                "string.find, ']', '[]]'",
                "string.find, ']', '[%]]'",
                "string.find, 'x^', '[x^]+'",
                "string.find, 'ab^', '[^^]+'",
                "string.find, 'abc', '[%w-z]+'");
    }

    @Test
    void quantifiersAnchorsCapturesAndBackReferences() {
        pcalls("string.find, 'hello', 'l+'",
                "string.match, 'aaab', 'a-b'",
                "string.match, 'aaab', '^a-$'",
                "string.match, 'abc', 'a?b?c?d?'",
                "string.match, string.rep('a', 100), '(a*)(a*)'",
                "string.match, 'hello', '()ll()'",
                "string.match, 'hello', '(h)(e)(l)(l)(o)'",
                "string.match, 'abcabc', '(abc)%1'",
                "string.match, 'say \"hi\" or \\'no\\'', '([\"\\'])(.-)%1'",
                "string.match, 'a$b', 'a$b'",
                "string.match, 'a^b', 'a^b'",
                "string.match, '^b', '^^b'",
                "string.match, 'abc', '.-$'",
                "string.match, 'hello', 'xyz'",
                "string.find, 'abc', 'b()'",
                "string.match, 'f(a(b)c)d', '%b()'",
                "string.find, 'f(a(b)c)d', '%b()'",
                "string.match, '((a)', '%b()'",
                "string.match, 'f(a)(b)', '%b)('",
                "string.match, 'if x then y end', '%bie'");
    }

    @Test
    void findHonoursInitAndPlainSearches() {
        pcalls("string.find, 'hello', 'l', -2",
                "string.find, 'hello', 'l', -100",
                "string.find, 'hello', 'l', 100",
                "string.find, 'hello', '', 100",
                "string.find, 'hello', '', 6",
                "string.find, 'hello', '^l', 3",
                "string.match, 'hello', '^l', 3",
                "string.find, 'a.b', '.', 1, true",
                "string.find, 'a.b', '.', 1, false",
                "string.find, 'a+b', '+', 1, true",
                "string.find, 'a\\0b', '\\0'",
                "string.find, 'a\\0b', 'b\\0'",
                "string.find, 'a\\0b(', '\\0('",
                "string.find, 'a\\0b(', '(\\0'",
                "string.find, 123.5, '.5'",
                "string.find, 'abc', 'b', '2'");
    }

    @Test
    void gmatchIteratesOverMatchesIncludingEmptyOnes() {
        eval("local t = {} for w in string.gmatch('one two  three', '%a+') do t[#t+1] = w end return t",
                "local t = {} for k, v in string.gmatch('a=1, b=2, c=3', '(%w+)=(%w+)') do t[#t+1] = k .. v end return t",
                "local t = {} for w in string.gmatch('abc', '') do t[#t+1] = '[' .. w .. ']' end return t",
                "local t = {} for w in string.gmatch('a,b,,c', '([^,]*)') do t[#t+1] = '[' .. w .. ']' end return t",
                "local t = {} for w in string.gmatch('^a^b', '^%a') do t[#t+1] = w end return t",
                "local t = {} for p in string.gmatch('abc', '()') do t[#t+1] = p end return t",
                "local t = {} for w in string.gfind('a b', '%a') do t[#t+1] = w end return t",
                "local it = string.gmatch('ab', '%a') return {it(), it(), it(), it()}");
        pcalls("string.gmatch, 'abc'", "string.gmatch, nil, 'x'");
    }

    @Test
    void gsubReplacesWithStringsTablesAndFunctions() {
        pcalls("string.gsub, 'hello world', '(o)', '[%1%0%%]'",
                "string.gsub, 'hello world', '(%w+) (%w+)', '%2 %1'",
                "string.gsub, 'abc', 'a', '%'",
                "string.gsub, 'abc', 'a', '%1'",
                "string.gsub, 'abc', 'a', '%2'",
                "string.gsub, 'abc', '(a)', '%2'",
                "string.gsub, 'hello', '()', '%1'",
                "string.gsub, 'hello', 'l', 3.5",
                "string.gsub, 'hello', 'l', 1e20",
                "string.gsub, 'abc', '%w', {a=1, b=true}",
                "string.gsub, 'abc', '%w', {a=false, b='B'}",
                "string.gsub, 'abc', '%w', {a={}}",
                "string.gsub, 'hello world', '%w+', {hello='HI'}",
                "string.gsub, '$name is $age', '%$(%w+)', {name='bob', age=42}",
                "string.gsub, 'abc', '%w', function(c) if c == 'b' then return nil end return c:upper() end",
                "string.gsub, 'abc', '%w', function(c) return false end",
                "string.gsub, 'abc', '%w', function(c) return {} end",
                "string.gsub, 'abc', '%w', function(c) return 2.5 end",
                "string.gsub, 'k1=v1;k2=v2', '(%w+)=(%w+)', function(k, v) return v .. '=' .. k end",
                "string.gsub, 'abc', '%w', string.upper",
                "string.gsub, 'abc', 'a', true",
                "string.gsub, 'abc', 'b', nil",
                "string.gsub, 'abc', 'b'",
                "string.gsub, 'abc', 'b', true, 'x'",
                "string.gsub, 'a.b', '.', '%%'",
                "string.gsub, 'a.b', '%.', '%a'",
                "string.gsub, 'a\\0b', '%z', '0'");
    }

    @Test
    void gsubCountsEmptyMatchesAnchorsAndStopsAtMax() {
        pcalls("string.gsub, 'abc', '', '-'",
                "string.gsub, 'abc', '.-', '-'",
                "string.gsub, 'abc', 'x*', '-'",
                "string.gsub, 'abc', 'b*', '-'",
                "string.gsub, '', '', 'x'",
                "string.gsub, '', 'a*', 'x'",
                "string.gsub, 'abc', '^', '>'",
                "string.gsub, 'abc', '$', '<'",
                "string.gsub, 'hello world', '^h', 'H'",
                "string.gsub, 'hello world', '^o', 'H'",
                "string.gsub, 'hello world', 'o', '0', 1",
                "string.gsub, 'hello world', 'o', '0', 0",
                "string.gsub, 'hello world', 'o', '0', -1",
                "string.gsub, 'hello world', 'o', '0', '1'",
                "string.gsub, 'hello world', 'o', '0', 'x'",
                "string.gsub, 'a b c', ' ', '', 5");
    }

    @Test
    void everydayPatternsFromRealScripts() {
        pcalls("string.match, '  trim me  ', '^%s*(.-)%s*$'",
                "string.gsub, '  trim me  ', '^%s*(.-)%s*$', '%1'",
                "string.gsub, '  trim me  ', '^%s+', ''",
                "string.match, 'key:123:field', '^(%w+):(%d+):(%w+)$'",
                "string.match, 'user:{1000}:name', '{(.-)}'",
                "string.match, '2024-01-15', '(%d+)-(%d+)-(%d+)'",
                "string.match, 'x = 10', '(%w+)%s*=%s*(%w+)'",
                "string.match, '[test]', '^%[(.*)%]$'",
                "string.match, 'hello world', '%s(%S+)$'",
                "string.match, '-12.5e3', '^-?%d+%.?%d*[eE]?%d*$'",
                "string.match, 'GET /path?q=1 HTTP/1.1', '^(%u+)%s+([^%s?]+)%??(%S*)'",
                "string.gsub, 'CamelCaseName', '(%l)(%u)', '%1_%2'",
                "string.gsub, 'a,b;c d', '[,; ]', '|'",
                "string.gsub, 'hello', '.', function(c) return string.format('%02x', c:byte()) end");
        eval("local t = {} for part in string.gmatch('a:b::c', '[^:]+') do t[#t+1] = part end return t",
                "local t = {} for k, v in string.gmatch('a=1&b=2&c=', '([^&=]+)=([^&=]*)') do t[#t+1] = k .. '->' .. v end"
                        + " return t",
                "local s, t = 'x,,y,', {} for field in (s .. ','):gmatch('([^,]*),') do t[#t+1] = field end return t");
    }

    @Test
    void subAndByteClampPositionsAsLuaDoes() {
        eval("return {string.sub('hello', 2, 3), string.sub('hello', -3), string.sub('hello', -100, 100),"
                        + " string.sub('hello', 0), string.sub('hello', 4, 2), string.sub('hello', 6)}",
                "return {string.sub('hello', '2', '3'), string.sub('hello', 2.7), string.sub('hello', -2.7)}",
                "return {string.byte('hello'), string.byte('hello', 2, 4), string.byte('hello', -1)}",
                "return {string.byte('hello', 3, 100)}",
                "return {string.byte('\\255\\0', 1, 2)}",
                "return ('hello'):sub(2, -2)");
        pcalls("string.sub, 'hello'",
                "string.sub, 'hello', 'x'",
                "string.sub, 'hello', 1, {}",
                "string.sub, 'hello', 1, nil",
                "string.sub, 'hello', 1/0",
                "string.sub, 'hello', -1/0",
                "string.sub, 'hello', 0/0",
                "string.sub, 'hello', 2^53",
                "string.byte, 'hello', 10",
                "string.byte, 'hello', -10",
                "string.byte, 'hello', 0",
                "string.byte, 'hello', 0, 2",
                "string.byte, ''",
                "string.byte, string.rep('a', 7997), 1, -1",
                "string.byte, string.rep('a', 7998), 1, -1",
                "string.byte, string.rep('a', 100000), 1, -1");
        eval("return #{string.byte(string.rep('a', 7999), 1, -1)}");
    }

    @Test
    void charRepLenAndCaseFunctions() {
        pcalls("string.char, 256",
                "string.char, -1",
                "string.char, 255, 0, 65",
                "string.char, '65'",
                "string.char, 'x'",
                "string.char",
                "string.char, 65.9",
                "string.char, 2^32 + 65",
                "string.rep, 'x', -5",
                "string.rep, 'ab', 3",
                "string.rep, 'ab', 0",
                "string.rep, 'ab', 2.9",
                "string.rep, 'ab', 2^32 + 2",
                "string.rep, 'ab', '3'",
                "string.rep, 'ab'",
                "string.rep, 5, 2",
                "string.len, 'abc\\0d'",
                "string.len, 1.5",
                "string.len",
                "string.len, true",
                "string.upper, 'hello World \\200'",
                "string.lower, 'HELLO wORLD \\200'",
                "string.upper, {}",
                "string.reverse, 'hello'",
                "string.reverse, 123",
                "string.reverse");
    }

    @Test
    void argumentErrorsNameTheFunctionWhenLuaCodeCallsIt() {
        eval("return string.char(256)",
                "return string.rep()",
                "return string.find('abc')",
                "return string.gsub('abc', 'a', true)",
                "return string.sub('x', {})",
                "return string.format('%d', 'x')",
                "local ok, e = pcall(function() return string.byte('x', {}) end) return e");
        pcalls("string.format, '%d', 'x'", "string.find, 'abc', 'b', 'x'", "string.find, nil, 'b'",
                "string.gsub, 'abc', '%w', string.char",
                "string.gsub, 'abc', '%w', function(c) return string.rep(c) end");
    }
}
