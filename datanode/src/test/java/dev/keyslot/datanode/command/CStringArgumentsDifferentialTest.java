package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

/**
 * Where redis-server reads an argument as a C string, a NUL byte ends it: in error texts printed with %s, in
 * keywords compared with strcasecmp, and in texts split with sdssplitargs. Newlines in error texts become
 * spaces.
 */
class CStringArgumentsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--enable-debug-command", "yes");

    private static void check(String... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        diff.check(raw);
    }

    @Test
    void errorTextsEndAnArgumentAtItsNul() {
        check("ACL", "CAT", "x\0y");
        check("ACL", "CAT", "z".repeat(200) + "\0y");
        check("ACL", "DRYRUN", "u\0x", "get", "k");
        check("ACL", "DRYRUN", "default", "ge\0t", "k");
        check("ACL", "SETUSER", "u", "o\0n");
        check("ACL", "SETUSER", "u", "+ge\0t");
        check("CONFIG", "SET", "tim\0eout", "1");
        // Not sent: CONFIG SET timeout 1 "timeout\0" 2. Redis hashes the whole name but compares it as a C string,
        // so it finds "timeout" (a duplicate parameter) only when both hashes share a bucket of its randomly seeded
        // dict, and otherwise calls it unknown, as the data node always does.
        check("CLIENT", "KILL", "TYPE", "x\0y");
        check("CLIENT", "LIST", "TYPE", "x\0y");
        check("CLIENT", "KILL", "USER", "x\0y");
        check("HELLO", "3", "x\0y");
        check("SET", "k", "v");
        check("EXPIRE", "k", "10", "x\0y");
        check("FUNCTION", "LOAD", "RE\0PLACE", "x");
        check("FUNCTION", "LIST", "x\0y");
        check("LATENCY", "GRAPH", "a\0b");
        check("REPLCONF", "x\0y", "1");
        check("PFDEBUG", "x\0y", "k");
        check("XADD", "s", "1-1", "f", "v");
        check("XREADGROUP", "GROUP", "g\0x", "c", "STREAMS", "s", ">");
        check("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s\0x", ">");
        check("XGROUP", "CREATECONSUMER", "s", "g\0x", "c");
        check("XINFO", "CONSUMERS", "s", "g\0x");
        check("XPENDING", "s", "g\0x");
        check("XGROUP", "CREATE", "s", "g", "$");
        check("XCLAIM", "s", "g", "c", "0", "0-1", "fo\0o");
        check("DEBUG", "ERROR", "a\0b");
    }

    @Test
    void newlinesInErrorTextsBecomeSpaces() {
        check("SET", "k", "v");
        check("EXPIRE", "k", "10", "a\nb\rc");
        check("CONFIG", "SET", "ti\nme", "1");
        check("DEBUG", "ERROR", "a\nb\rc");
        check("ACL", "CAT", "a\r\nb");
        check("ACL", "SETUSER", "u", "a\nb");
        check("PING");
    }

    @Test
    void keywordsEndAtTheirNul() {
        check("SET", "k", "v", "NX\0junk");
        check("EXPIRE", "k", "10", "NX\0x");
        check("SET", "k", "v");
        check("EXPIRE", "k", "10", "NX\0x");
        check("SCAN", "0", "COUNT\0", "10");
        check("ZADD", "z", "NX\0", "1", "a");
        check("CLIENT", "LIST", "TYPE", "pubsub\0");
        check("DEBUG", "PROTOCOL", "integer\0x");
        check("DEBUG", "help\0x");
        // Not "OBJECT ENCODING\0x": Redis finds a subcommand by hash (of all the bytes), then compares names with
        // strcasecmp, so whether it matches depends on its random hash seed.
    }

    @Test
    void anAclSelectorEndsAtItsNul() {
        check("ACL", "SETUSER", "u", ">p", "(+get\0x)");
        check("ACL", "GETUSER", "u");
    }
}
