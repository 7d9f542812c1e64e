package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.Resp3Switch;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HRANDFIELD's random replies checked by invariants on both servers: the same reply type and length as
 * Redis's, fields that belong to the hash (with their values), distinct for positive counts. Covers the
 * listpack and hashtable encodings and each of Redis's strategies (negative count, whole hash, copy, sampling).
 */
class HashRandomFieldInvariantsTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static Map<String, String> fill(String key, int fields) {
        Map<String, String> model = new HashMap<>();
        StringBuilder cmd = new StringBuilder("HSET " + key);
        for (int i = 0; i < fields; i++) {
            cmd.append(" f").append(i).append(" v").append(i);
            model.put("f" + i, "v" + i);
        }
        diff.checkAll(cmd.toString());
        return model;
    }

    private static void check(Map<String, String> model, boolean nested, String... args) {
        RespNode expected = RespNode.parse(diff.redisConnection().call(args));
        RespNode actual = RespNode.parse(diff.nodeConnection().call(args));
        assertThat(actual.type).isEqualTo(expected.type);
        if (expected.isAggregate()) {
            assertThat(actual.children).hasSameSizeAs(expected.children);
        }
        for (RespNode reply : List.of(expected, actual)) {
            assertInvariants(model, reply, nested, args);
        }
    }

    private static void assertInvariants(Map<String, String> model, RespNode reply, boolean nested, String[] args) {
        boolean withValues = args.length == 4;
        long count = args.length == 2 ? 1 : Long.parseLong(args[2]);
        if (args.length == 2) {
            assertThat(model).containsKey(reply.text);
            return;
        }
        int size = reply.children.size() / (withValues && !nested ? 2 : 1);
        assertThat(size).isEqualTo(count < 0 ? -count : Math.min(count, model.size()));
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < reply.children.size(); i += withValues && !nested ? 2 : 1) {
            RespNode item = reply.children.get(i);
            String field = nested && withValues ? item.children.get(0).text : item.text;
            assertThat(model).containsKey(field);
            if (withValues) {
                String value = nested ? item.children.get(1).text : reply.children.get(i + 1).text;
                assertThat(value).isEqualTo(model.get(field));
            }
            fields.add(field);
        }
        if (count > 0) {
            assertThat(fields).hasSize(size);
        }
    }

    private static void allStrategies(Map<String, String> model, boolean nested) {
        int n = model.size();
        for (int round = 0; round < 5; round++) {
            check(model, nested, "HRANDFIELD", "h");
            for (int count : new int[] {1, 2, n / 2, n - 1, n, n + 5, -1, -n, -3 * n}) {
                check(model, nested, "HRANDFIELD", "h", Integer.toString(count));
                check(model, nested, "HRANDFIELD", "h", Integer.toString(count), "WITHVALUES");
            }
        }
    }

    @Test
    void listpackHash() {
        allStrategies(fill("h", 20), false);
    }

    @Test
    void hashtableHash() {
        allStrategies(fill("h", 300), false);
    }

    @Test
    void resp3NestsPairs() {
        Map<String, String> model = fill("h", 20);
        Resp3Switch.enable(diff);
        allStrategies(model, true);
        allStrategies(fill("h", 300), true);
    }

    @Test
    void readsDoNotModifyTheHash() {
        Map<String, String> model = fill("h", 10);
        check(model, false, "HRANDFIELD", "h", "-50", "WITHVALUES");
        for (RawConnection conn : List.of(diff.redisConnection(), diff.nodeConnection())) {
            assertThat(RespNode.parse(conn.call("HLEN", "h")).text).isEqualTo("10");
        }
    }
}
