package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.server.Server;
import org.junit.jupiter.api.Assertions;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Compares the encoding redis-server reports with OBJECT ENCODING to the encoding of the data node's
 * value for the same key in db 0, read on the node's command thread (so it works before OBJECT exists).
 */
public final class EncodingProbe {
    private EncodingProbe() {
    }

    public static void assertSameEncoding(Differential diff, String key) {
        String expected = RespNode.parse(diff.redisConnection().call("OBJECT", "ENCODING", key)).text;
        Assertions.assertEquals(expected, nodeEncoding(diff, key), "encoding of " + key);
    }

    /** The node's encoding name for key, or null when the key is absent. */
    public static String nodeEncoding(Differential diff, String key) {
        Server server = diff.node().server();
        try {
            return server.eventLoop().submit(() -> {
                KeyEntry e = server.keyspace().db(0).lookup(key.getBytes(StandardCharsets.ISO_8859_1));
                return e == null ? null : ((RedisValue) e.value).encoding();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the data node's value", e);
        }
    }
}
