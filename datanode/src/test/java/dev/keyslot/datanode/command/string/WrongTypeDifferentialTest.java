package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * String commands against a key of another type. Lists do not exist on this branch, so the data node gets
 * a placeholder list value planted in its keyspace while redis-server gets a real one from LPUSH.
 */
class WrongTypeDifferentialTest extends StringDifferentialBase {

    /** Stands in for a list: only its type matters to the string commands. */
    private static final class PlantedList implements RedisValue {
        @Override
        public ValueType type() {
            return ValueType.LIST;
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public long memoryUsage() {
            return 0;
        }

        @Override
        public RedisValue copy() {
            return this;
        }
    }

    @BeforeEach
    void plant() {
        plantList("l");
    }

    private static void plantList(String key) {
        diff.redisConnection().call("DEL", key);
        diff.redisConnection().call("LPUSH", key, "x");
        try {
            diff.node().server().eventLoop().submit(() -> {
                var db = diff.node().server().keyspace().db(0);
                byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
                db.delete(k);
                db.add(k, new PlantedList());
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readCommands() {
        diff.checkAll("GET l", "STRLEN l", "GETRANGE l 0 -1", "GETRANGE l a 1", "SUBSTR l 0 1", "GETBIT l 0",
                "GETBIT l -1", "BITCOUNT l", "BITCOUNT l 0", "BITCOUNT l 0 -1 BIT", "BITPOS l 1", "BITPOS l 2",
                "BITPOS l 0 0 -1 FOO", "BITFIELD_RO l GET u8 0", "BITFIELD_RO l GET u99 0", "LCS l l", "LCS a l LEN",
                "MGET a l b", "EXISTS l");
    }

    @Test
    void writeCommandsRefuseAndLeaveTheKey() {
        diff.checkAll("APPEND l x", "SETRANGE l 0 x", "SETRANGE l -1 x", "INCR l", "DECR l", "INCRBY l 5",
                "INCRBY l x", "DECRBY l 5", "INCRBYFLOAT l 1", "INCRBYFLOAT l x", "SETBIT l 0 1", "SETBIT l 0 5",
                "BITFIELD l SET u8 0 1", "BITFIELD l GET u8 0", "BITFIELD l FOO", "BITOP AND d a l", "BITOP NOT d l",
                "GETSET l v", "GETDEL l", "GETEX l", "GETEX l EX 100", "GETEX l EX 0", "GETEX l FOO", "SET l v GET",
                "SET l v GET EX 0", "SET l v NX GET", "SETNX l v", "MSETNX a 1 l 2", "EXISTS a", "EXISTS l");
        diff.check("SETRANGE", "l", "0", "");
    }

    @Test
    void overwritingCommandsReplaceTheValue() {
        diff.checkAll("SET l v", "GET l");
        plantList("l");
        diff.checkAll("SET l v XX", "GET l");
        plantList("l");
        diff.checkAll("SET l v NX", "SETEX l 100 w", "GET l");
        plantList("l");
        diff.checkAll("PSETEX l 100000 v", "GET l");
        plantList("l");
        diff.checkAll("MSET l v", "GET l");
        plantList("l");
        diff.checkAll("SET a xyz", "BITOP NOT l a", "GET l");
    }
}
