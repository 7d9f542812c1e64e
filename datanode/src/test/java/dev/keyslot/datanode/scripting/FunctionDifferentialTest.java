package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.generic.Payloads;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** FUNCTION and FCALL, compared byte for byte with redis-server 7.0 (one function per library where order matters). */
class FunctionDifferentialTest {
    private static final String SETTER = "#!lua name=setter\n"
            + "redis.register_function('setkey', function(keys, args) return redis.call('set', keys[1], args[1]) end)";
    private static final String READER = "#!lua name=reader\n"
            + "redis.register_function{function_name='getkey', callback=function(keys, args)\n"
            + "  return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads a key'}";

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.check("FUNCTION", "FLUSH");
    }

    private static void load(String code) {
        diff.check("FUNCTION", "LOAD", code);
    }

    /** Functions see the engine's globals through their environment's __index, laid out as Redis lays them out. */
    @Test
    void pairsMeetsTheGlobalsInRedisOrder() {
        load("#!lua name=globals\n"
                + "redis.register_function('globals', function() local t = {} for k in pairs(_G) do t[#t+1] = k end"
                + " return t end)");
        diff.check("FCALL", "globals", "0");
    }

    @Test
    void loadCallListAndDelete() {
        load(SETTER);
        load(READER);
        diff.check("FCALL", "setkey", "1", "k", "v");
        diff.check("FCALL", "getkey", "1", "k");
        diff.check("FCALL_RO", "getkey", "1", "k");
        diff.check("FCALL_RO", "setkey", "1", "k", "v");
        diff.check("FCALL", "nosuch", "0");
        diff.check("FCALL", "setkey", "x");
        diff.check("FCALL", "setkey", "-1");
        diff.check("FCALL", "setkey", "5", "a");
        diff.check("FUNCTION", "LIST", "LIBRARYNAME", "reader");
        diff.check("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "set*");
        diff.check("FUNCTION", "LIST", "LIBRARYNAME", "nomatch");
        diff.check("FUNCTION", "LIST", "LIBRARYNAME");
        diff.check("FUNCTION", "LIST", "foo");
        diff.check("FUNCTION", "STATS");
        diff.check("FUNCTION", "DELETE", "nosuch");
        diff.check("FUNCTION", "DELETE", "setter");
        diff.check("FCALL", "setkey", "1", "k", "v");
        diff.check("FUNCTION", "LIST");
        diff.check("FUNCTION", "STATS");
    }

    /** Function names ignore case, in FCALL and in the clash checks of a load; library names do not. */
    @Test
    void functionNamesIgnoreCase() {
        load("#!lua name=test\nredis.register_function('test', function() return 'hello' end)");
        diff.check("FCALL", "TEST", "0");
        diff.check("FCALL_RO", "TeSt", "0");
        diff.check("FUNCTION", "LOAD", "#!lua name=TEST\nredis.register_function('Test', function() return 'clash' end)");
        diff.check("FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('TEST', function() return 'clash' end)");
        diff.check("FUNCTION", "LOAD", "REPLACE", "#!lua name=test\nredis.register_function('TEST', function() return 'new' end)");
        diff.check("FCALL", "test", "0");
        diff.check("FUNCTION", "DELETE", "TEST");
        diff.check("FUNCTION", "LIST");
    }

    /** The shebang line is split as Redis's sdssplitargs splits it: a quoted name is the name between the quotes. */
    @Test
    void shebangWordsMayBeQuoted() {
        diff.check("FUNCTION", "LOAD", "#!lua name=\"foo\"\nredis.register_function('foo', function() return 1 end)");
        diff.check("FUNCTION", "LOAD", "#!lua name='bar'   \nredis.register_function('bar', function() return 2 end)");
        diff.check("FUNCTION", "LOAD", "#!lua name=\"x\"y\nredis.register_function('x', function() return 3 end)");
        diff.check("FUNCTION", "LOAD", "#!lua \"name=unclosed\nredis.register_function('u', function() return 4 end)");
        diff.check("FUNCTION", "LOAD", "#!\"lua\" name=quotedengine\nredis.register_function('q', function() return 5 end)");
        diff.check("FCALL", "foo", "0");
        // One library a listing: Redis lists them in its dict's hash order.
        for (String library : new String[] {"foo", "bar", "quotedengine"}) {
            diff.check("FUNCTION", "LIST", "LIBRARYNAME", library);
        }
    }

    @Test
    void loadErrors() {
        load(SETTER);
        load(SETTER);
        diff.check("FUNCTION", "LOAD", "REPLACE", SETTER);
        diff.check("FUNCTION", "LOAD", "foo", SETTER);
        diff.check("FUNCTION", "LOAD", "REPLACE");
        load("return 1");
        load("#!lua name=x");
        load("#!lua\nreturn 1");
        load("#!lua name=x name=y\nreturn 1");
        load("#!lua name=x foo=y\nreturn 1");
        load("#!lua name=a-b\nreturn 1");
        load("#!js name=x\nreturn 1");
        load("#!lua name=x\nreturn 1");
        load("#!lua name=x\nreturn 1 +");
        load("#!lua name=x\nerror('x')");
        load("#!lua name=x\nlocal n = string.len('abc')");
        load("#!lua name=x\nredis.register_function('setkey', function() return 1 end)");
        load("#!lua name=x\nredis.register_function('f-1', function() return 1 end)");
        load("#!lua name=x\nredis.register_function('a', function() return 1 end)\n"
                + "redis.register_function('a', function() return 1 end)");
        load("#!lua name=x\nredis.register_function{function_name='a', callback=function() return 1 end, flags={'bad'}}");
        load("#!lua name=x\nredis.register_function{function_name='a', callback=function() return 1 end, foo=1}");
        load("#!lua name=x\nredis.register_function{callback=function() return 1 end}");
        load("#!lua name=x\nredis.register_function{function_name='a'}");
        load("#!lua name=x\nredis.register_function('a')");
        load("#!lua name=x\nredis.register_function(1, 2)");
        load("#!lua name=x\nredis.register_function({}, 2)");
        load("#!lua name=x\nredis.register_function('a', 2)");
        load("#!lua name=x\nredis.register_function('a', function() return 1 end, 3)");
        load("#!lua name=x\nredis.call('ping')");
        load("#!lua name=x\nredis.register_function{function_name='a', callback='x'}");
        load("#!lua name=x\nredis.register_function{function_name='a', callback=function() end, flags='no-writes'}");
        diff.check("FUNCTION", "LIST", "LIBRARYNAME", "x");
    }

    @Test
    void runtimeEnvironment() {
        load("#!lua name=env\nlocal v = redis.REDIS_VERSION\nredis.log(redis.LOG_NOTICE, 'loading')\n"
                + "redis.register_function('version', function() return v end)");
        diff.check("FCALL", "version", "0");
        load("#!lua name=z\nredis.register_function('z1', function(keys, args) return type(redis.register_function) end)");
        diff.check("FCALL", "z1", "0");
        load("#!lua name=w\nredis.register_function('w1', function(keys, args) return string.len(args[1]) end)");
        diff.check("FCALL", "w1", "0", "hello");
        load("#!lua name=g\nredis.register_function('g1', function(keys, args) x = 1 end)");
        diff.check("FCALL", "g1", "0");
        load("#!lua name=g2\nredis.register_function('g2', function(keys, args) return undefinedname end)");
        diff.check("FCALL", "g2", "0");
        load("#!lua name=e\nredis.register_function('e1', function(keys, args) return redis.call('incr', keys[1]) end)");
        diff.check("SET", "s", "text");
        diff.check("FCALL", "e1", "1", "s");
        load("#!lua name=ro\nredis.register_function{function_name='ro1', callback=function(keys)\n"
                + "  return redis.call('set', keys[1], 'x') end, flags={'no-writes'}}");
        diff.check("FCALL", "ro1", "1", "k");
        load("#!lua name=flags\nredis.register_function{function_name='fl', callback=function() return 1 end,\n"
                + "  flags={'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}");
        diff.check("FUNCTION", "LIST", "LIBRARYNAME", "flags");
        diff.check("FCALL", "fl", "0");
        diff.check("EVAL", "return redis.call('fcall', 'fl', 0)", "0");
    }

    @Test
    void dumpAndRestore() {
        load(SETTER);
        String payload = diff.check("FUNCTION", "DUMP");
        assertThat(payload).startsWith("$");
        byte[] dump = diff.redisConnection().call("FUNCTION", "DUMP");
        byte[] body = java.util.Arrays.copyOfRange(dump, new String(dump).indexOf("\r\n") + 2, dump.length - 2);
        diff.check("FUNCTION", "FLUSH", "SYNC");
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), body);
        diff.check("FCALL", "setkey", "1", "k", "v");
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), body, "APPEND".getBytes());
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), body, "REPLACE".getBytes());
        load(READER);
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), body, "FLUSH".getBytes());
        diff.check("FUNCTION", "LIST");
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), body, "BAD".getBytes());
        diff.check("FUNCTION", "RESTORE", "garbage");
        diff.check("FUNCTION", "RESTORE", "a", "b", "c");
        byte[] corrupted = body.clone();
        corrupted[3] ^= 1;
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), corrupted);
        diff.check("FUNCTION", "FLUSH", "foo");
        diff.check("FUNCTION", "FLUSH", "async");
        diff.check("FUNCTION", "DUMP");
    }

    @Test
    void aRestoreThatFailsChangesNothingWhateverThePolicy() {
        load(SETTER);
        byte[] failing = payload(record(245, "#!lua name=bad\nerror('not loadable')"));
        byte[] twice = payload(record(245, READER) + record(245, READER));
        byte[] cut = payload((char) 246 + string("lib"));
        for (String policy : new String[] {"FLUSH", "APPEND", "REPLACE"}) {
            diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), failing, policy.getBytes());
            diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), twice, policy.getBytes());
            diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), cut, policy.getBytes());
            diff.check("FUNCTION", "LIST");
        }
        diff.check("FCALL", "setkey", "1", "k", "v");
    }

    /** Redis 7.0 still restores the library record of its release candidates: name, engine, description, body. */
    @Test
    void restoreOfTheReleaseCandidatesFormat() {
        String body = "redis.register_function('old', function() return 'from rc1' end)";
        byte[] described = payload((char) 246 + string("oldlib") + string("lua") + (char) 1 + string("about") + string(body));
        byte[] plain = payload((char) 246 + string("plain") + string("lua") + (char) 0
                + string("redis.register_function('plainf', function() return 1 end)"));
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), described);
        diff.check("FUNCTION".getBytes(), "RESTORE".getBytes(), plain, "APPEND".getBytes());
        diff.check("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "oldlib");
        diff.check("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "plain");
        diff.check("FCALL", "old", "0");
        diff.check("FCALL", "plainf", "0");
    }

    /** A function record of a DUMP payload: the opcode and the code as an RDB string. */
    private static String record(int opcode, String code) {
        return (char) opcode + string(code);
    }

    /** An RDB string of up to 16383 bytes: its 6- or 14-bit length, then the bytes. */
    private static String string(String s) {
        int length = s.length();
        String prefix = length < 64 ? String.valueOf((char) length)
                : new String(new char[] {(char) (0x40 | length >> 8), (char) (length & 0xff)});
        return prefix + s;
    }

    private static byte[] payload(String records) {
        return Payloads.withFooter(records, 10).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void helpKillAndArity() {
        diff.check("FUNCTION", "HELP");
        diff.check("FUNCTION", "KILL");
        diff.check("FUNCTION", "NOSUCH");
        diff.check("FUNCTION");
        diff.check("FCALL", "x");
        diff.check("FUNCTION", "DELETE");
        diff.check("FUNCTION", "STATS", "x");
    }
}
