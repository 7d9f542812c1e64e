package dev.keyslot.datanode.scripting;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaFunction;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which scripts may run on the command thread: only those that can never loop or make new code, since
 * nothing could answer -BUSY or deliver SCRIPT KILL while one runs there.
 */
class StraightLineCodeTest {
    private final LuaSandbox sandbox = new LuaSandbox(new LuaRandom());

    private LuaFunction compile(String code) {
        return sandbox.compile(code.getBytes(StandardCharsets.ISO_8859_1), "@user_script", sandbox.env());
    }

    private boolean straight(String code) {
        return StraightLineCode.check(compile(code));
    }

    @Test
    void typicalClientScriptsAreStraightLine() {
        assertThat(straight("return redis.call('SET', KEYS[1], ARGV[1])")).isTrue();
        assertThat(straight("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
                + "else return 0 end")).isTrue();
        assertThat(straight("local n = tonumber(redis.call('incr', KEYS[1])) if n == 1 then "
                + "redis.call('pexpire', KEYS[1], ARGV[1]) end return n > 10 and {err='limit'} or n")).isTrue();
        assertThat(straight("local ok, e = pcall(redis.call, 'nosuch') if not ok then return e end return 1")).isTrue();
        assertThat(straight("return cjson.encode({a = string.rep('x', 3), b = #KEYS})")).isTrue();
    }

    @Test
    void loopsAreNot() {
        assertThat(straight("while true do end")).isFalse();
        assertThat(straight("for i = 1, 3 do redis.call('incr', KEYS[1]) end")).isFalse();
        assertThat(straight("for _, k in ipairs(KEYS) do redis.call('del', k) end")).isFalse();
        assertThat(straight("repeat local x = 1 until false")).isFalse();
        assertThat(straight("while redis.call('incr', 'k') < 10 do end")).isFalse();
    }

    @Test
    void codeThatCanRunOtherLuaCodeIsNot() {
        assertThat(straight("local f = function() while true do end end return 1")).isFalse();
        assertThat(straight("return loadstring('while true do end')()")).isFalse();
        assertThat(straight("return load('return 1')()")).isFalse();
        assertThat(straight("return _G['load' .. 'string']('return 1')()")).isFalse();
        assertThat(straight("local env = _ENV return env.redis")).isFalse();
        assertThat(straight("return _ENV[ARGV[1]]")).isFalse();
    }

    @Test
    void longScriptsAreNot() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < StraightLineCode.MAX_INSTRUCTIONS; i++) {
            code.append("redis.call('incr', 'k') ");
        }
        assertThat(straight(code.toString())).isFalse();
    }

    @Test
    void functionsReachingLibraryLocalsAreNot() {
        LuaFunction plain = compile("return function(keys, args) return redis.call('get', keys[1]) end")
                .call().checkfunction();
        LuaFunction helper = compile("local function spin() while true do end end "
                + "return function(keys, args) return spin() end").call().checkfunction();
        assertThat(StraightLineCode.check(plain)).isTrue();
        assertThat(StraightLineCode.check(helper)).isFalse();
    }
}
