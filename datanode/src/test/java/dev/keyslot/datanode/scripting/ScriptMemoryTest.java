package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scripts over maxmemory (1 byte: always over), compared byte for byte with redis-server 7.0. */
class ScriptMemoryTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--maxmemory", "1", "--maxmemory-policy", "noeviction");

    @BeforeEach
    void reset() {
        diff.check("SCRIPT", "FLUSH");
        diff.check("FUNCTION", "FLUSH");
    }

    @Test
    void oomDependsOnDeclaredFlags() {
        diff.check("EVAL", "return redis.call('set','a','b')", "0");
        diff.check("EVAL", "return redis.call('get','a')", "0");
        diff.check("EVAL", "redis.call('del','a') return redis.call('set','a','b')", "0");
        diff.check("EVAL", "#!lua\nreturn 1", "0");
        diff.check("EVAL_RO", "#!lua\nreturn 1", "0");
        diff.check("EVAL", "#!lua flags=allow-oom\nreturn redis.call('set','a','b')", "0");
        diff.check("EVAL", "#!lua flags=no-writes\nreturn redis.call('get','a')", "0");
        diff.check("SCRIPT", "LOAD", "#!lua\nreturn 2");
        diff.check("EVALSHA", RedisApi.sha1Hex("#!lua\nreturn 2".getBytes()), "0");
        diff.check("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('f', function() return 1 end)");
        diff.check("CONFIG", "SET", "maxmemory", "0");
        diff.check("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('f', function() return 1 end)\n"
                + "redis.register_function{function_name='g', callback=function() return 2 end, flags={'allow-oom'}}");
        diff.check("CONFIG", "SET", "maxmemory", "1");
        diff.check("FCALL", "f", "0");
        diff.check("FCALL", "g", "0");
        diff.check("FCALL_RO", "f", "0");
    }
}
