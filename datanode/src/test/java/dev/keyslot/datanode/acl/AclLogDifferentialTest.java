package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ACL LOG against redis-server 7.0: entries for denied commands, keys and channels and failed AUTH, their
 * grouping and order. Ages and connection-specific client-info fields are compared as shapes.
 */
class AclLogDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.checkAll("ACL LOG RESET", "ACL DELUSER alice",
                "ACL SETUSER alice on >pw -@all +get +set +publish +multi +exec ~k* &ch*", "CONFIG SET acllog-max-len 128");
    }

    /** Entries with ages checked and dropped, and client-info reduced to its stable fields. */
    private static List<Map<String, Object>> normalizedLog(RawConnection conn, String... extra) {
        List<String> args = new ArrayList<>(List.of("ACL", "LOG"));
        args.addAll(List.of(extra));
        Object parsed = RespParser.parse(conn.call(args.toArray(new String[0])));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object raw : (List<?>) parsed) {
            List<?> flat = (List<?>) raw;
            Map<String, Object> entry = new LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                entry.put((String) flat.get(i), flat.get(i + 1));
            }
            double age = Double.parseDouble((String) entry.remove("age-seconds"));
            assertThat(age).isBetween(0.0, 30.0);
            entry.put("client-info", stableFields((String) entry.get("client-info")));
            out.add(entry);
        }
        return out;
    }

    private static Map<String, String> stableFields(String clientInfo) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : clientInfo.split(" ")) {
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            boolean stable = List.of("name", "db", "cmd", "user", "resp").contains(name);
            fields.put(name, stable ? pair.substring(eq + 1) : "*");
        }
        return fields;
    }

    private static void compareLog(String... extra) {
        assertThat(normalizedLog(diff.nodeConnection(), extra)).isEqualTo(normalizedLog(diff.redisConnection(), extra));
    }

    @Test
    void commandsAScriptCallsAreCheckedForTheCallerAndLoggedInTheLuaContext() {
        diff.checkAll("ACL SETUSER alice +eval +fcall");
        try (ConnectionPair alice = ConnectionPair.open(diff)) {
            alice.check("AUTH", "alice", "pw");
            alice.check("EVAL", "return redis.call('incr', 'kx')", "0");
            alice.check("EVAL", "return redis.call('set', 'other', 'v')", "0");
            alice.check("EVAL", "return redis.pcall('publish', 'news', 'm')", "0");
            alice.check("EVAL", "return redis.call('set', 'kx', 'v')", "0");
            alice.check("EVAL", "return redis.call('incr', 'kx')", "0");
        }
        compareLog();
    }

    @Test
    void deniedCommandsKeysChannelsAndAuth() {
        try (ConnectionPair alice = ConnectionPair.open(diff)) {
            alice.check("AUTH", "alice", "wrong");
            alice.check("AUTH", "nobody", "pw");
            alice.check("auth", "alice", "pw");
            alice.check("CLIENT", "SETNAME", "alice-conn");
            alice.check("GET", "other");
            alice.check("SET", "kx", "v");
            alice.check("DEL", "kx");
            alice.check("PUBLISH", "news", "m");
            alice.check("GET", "other");
            alice.check("MULTI");
            alice.check("DEL", "kx");
            alice.check("EXEC");
        }
        compareLog();
        compareLog("2");
        compareLog("0");
        compareLog("-1");
        diff.checkAll("ACL LOG RESET", "ACL LOG");
    }

    @Test
    void logIsTrimmedToMaxLength() {
        diff.checkAll("CONFIG SET acllog-max-len 2");
        try (ConnectionPair alice = ConnectionPair.open(diff)) {
            alice.check("AUTH", "alice", "pw");
            alice.check("GET", "a");
            alice.check("GET", "b");
            alice.check("GET", "c");
        }
        compareLog();
    }
}
