package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coroutines in EVAL scripts compared byte for byte with redis-server 7.0: Lua 5.1 refuses to yield across a call
 * made from C (pcall, a metamethod, a generic for's iterator, a library callback) and from the main thread.
 */
class CoroutineDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    /** The results of resuming a new coroutine running body once. */
    private static void resumed(String body) {
        diff.check("EVAL", "local co = coroutine.create(function() " + body + " end) return {coroutine.resume(co)}", "0");
    }

    @Test
    void yieldAcrossACallFromCIsRefused() {
        resumed("pcall(coroutine.yield, 1)");
        resumed("return pcall(coroutine.yield, 1)");
        resumed("return pcall(function() coroutine.yield(1) end)");
        resumed("return xpcall(function() coroutine.yield(1) end, function(e) return 'h:' .. e end)");
        resumed("local ok, e = pcall(coroutine.yield, 1) return ok, e, coroutine.status(coroutine.running())");
        resumed("local t = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end}) return t.x");
        resumed("local t = setmetatable({}, {__index = setmetatable({}, {__index = function(t, k) coroutine.yield(k) end})})"
                + " return t.x");
        resumed("local t = setmetatable({}, {__newindex = function(t, k, v) coroutine.yield(k) end}) t.x = 1");
        resumed("local t = setmetatable({}, {__add = function() coroutine.yield(1) return 1 end}) return t + 1");
        resumed("local t = setmetatable({}, {__unm = function() coroutine.yield(1) end}) return -t");
        resumed("local m = {__eq = function() coroutine.yield(1) end} return setmetatable({}, m) == setmetatable({}, m)");
        resumed("local t = setmetatable({}, {__lt = function() coroutine.yield(1) end}) return t < t");
        resumed("local t = setmetatable({}, {__concat = function() coroutine.yield(1) end}) return t .. 'x'");
        resumed("return tostring(setmetatable({}, {__tostring = function() coroutine.yield(1) return 'x' end}))");
        resumed("table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)");
        resumed("table.foreach({1}, function() coroutine.yield(1) end)");
        resumed("return string.gsub('abc', '%w', function(c) coroutine.yield(c) end)");
        resumed("return string.gsub('abc', '%w', setmetatable({}, {__index = function(t, c) coroutine.yield(c) end}))");
        resumed("for k in function() coroutine.yield(1) end do end");
        diff.check("EVAL", "return {pcall(coroutine.yield, 1)}", "0");
        diff.check("EVAL", "coroutine.yield(1)", "0");
    }

    @Test
    void yieldBetweenLuaCallsWorks() {
        resumed("return coroutine.yield(1)");
        resumed("local f = function() coroutine.yield(1) end f() return 2");
        resumed("local t = setmetatable({}, {__call = function(self, a) coroutine.yield(a) return 1 end}) return t(5)");
        resumed("return select(2, coroutine.yield(1))");
        diff.check("EVAL", "local co = coroutine.wrap(function() for k, v in pairs({a = 1}) do coroutine.yield(k) end"
                + " return 'done' end) return {co(), co()}", "0");
        diff.check("EVAL", "local r = {} for v in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * 10) end end)"
                + " do r[#r+1] = v end return r", "0");
        diff.check("EVAL", "local co = coroutine.wrap(function() pcall(coroutine.yield, 1) return 'after' end)"
                + " return {pcall(co)}", "0");
    }

    /** An error Lua 5.1 raises inside a C function reaches resume without a position, as it does in Redis. */
    @Test
    void errorsRaisedInsideLibraryFunctionsHaveNoPosition() {
        resumed("rawset({}, nil, 1)");
        resumed("table.sort({{}, {}})");
        resumed("error('plain')");
        resumed("local x = nil; return x.y");
    }

    /** resume answers with the error value itself, and wrap raises it again, as Lua 5.1 does. */
    @Test
    void failedCoroutinesKeepTheirErrorValue() {
        diff.check("EVAL", "local ok, e = coroutine.resume(coroutine.create(function() error({code = 5}) end))"
                + " return {tostring(ok), type(e), e.code}", "0");
        resumed("error('x', 0)");
        resumed("error(42)");
        diff.check("EVAL", "local ok, e = coroutine.resume(coroutine.create(function() error() end))"
                + " return {tostring(ok), type(e)}", "0");
        resumed("redis.call('nosuchcommand')");
        diff.check("EVAL", "local co = coroutine.wrap(function() error({1}) end) local ok, e = pcall(co)"
                + " return {tostring(ok), type(e)}", "0");
        diff.check("EVAL", "local co = coroutine.wrap(function() error('in wrap') end)"
                + " return {pcall(co), select(2, pcall(function() co() end))}", "0");
        diff.check("EVAL", "local co = coroutine.wrap(function() error('in wrap') end)"
                + " return select(2, pcall(function() co() end))", "0");
        diff.check("EVAL", "local co = coroutine.wrap(function() return 1 end) co()"
                + " return {pcall(co), select(2, pcall(function() co() end))}", "0");
    }

    @Test
    void resumeNamesTheStatusItRefuses() {
        diff.check("EVAL", "local co co = coroutine.create(function() return coroutine.resume(co) end)"
                + " return {coroutine.resume(co)}", "0");
        diff.check("EVAL", "local a, b a = coroutine.create(function() return coroutine.resume(b) end)"
                + " b = coroutine.create(function() return coroutine.resume(a) end) return {coroutine.resume(a)}", "0");
        diff.check("EVAL", "local co = coroutine.create(function() end) coroutine.resume(co)"
                + " return {coroutine.resume(co)}", "0");
    }
}
