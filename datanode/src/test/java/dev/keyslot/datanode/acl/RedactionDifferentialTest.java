package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords never reach the slow log: the commands that take them (AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2,
 * ACL SETUSER, CONFIG SET of sensitive options) redact them as redis-server 7.0 does, including the
 * cases where Redis fails before redacting. Also checks INFO and CONFIG GET output.
 */
class RedactionDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    private static List<Object> loggedArguments(RawConnection conn) {
        List<Object> result = new ArrayList<>();
        for (Object e : (List<?>) RespParser.parse(conn.call("SLOWLOG", "GET", "-1"))) {
            result.add(((List<?>) e).get(3));
        }
        return result;
    }

    @Test
    void slowLogHidesPasswords() {
        diff.reset();
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET",
                "ACL SETUSER alice on >alicepw ~* +@all", "ACL SETUSER bob bogusrule >bobpw",
                "AUTH a b c d", "AUTH alice alicepw", "AUTH onlypw",
                "MIGRATE 127.0.0.1 1 k 0 10 AUTH migratepw", "MIGRATE 127.0.0.1 1 k 0 10 AUTH2 u migratepw2",
                "MIGRATE 127.0.0.1 1 k 0 10 AUTH2 u", "HELLO 2 AUTH alice wrongpw",
                "CONFIG SET requirepass reqpw masterauth mpw", "AUTH default reqpw",
                "CONFIG SET requirepass \"\"", "ACL DELUSER alice bob");
        diff.check("CONFIG", "SET", "requirepass", "");
        assertThat(loggedArguments(diff.nodeConnection())).isEqualTo(loggedArguments(diff.redisConnection()));
        String log = loggedArguments(diff.nodeConnection()).toString();
        for (String secret : List.of("alicepw", "bobpw", "migratepw", "migratepw2", "wrongpw", "reqpw", "mpw")) {
            assertThat(log).doesNotContain(secret);
        }
        diff.checkAll("CONFIG SET slowlog-log-slower-than 10000", "CONFIG SET masterauth \"\"");
        diff.check("CONFIG", "SET", "masterauth", "");
    }

    @Test
    void configGetShowsSecretsAsRedisDoesAndInfoNever() {
        diff.reset();
        diff.checkAll("CONFIG SET requirepass topsecret", "AUTH topsecret", "CONFIG GET requirepass",
                "CONFIG GET masterauth", "CONFIG GET masteruser");
        String info = new String(diff.nodeConnection().call("INFO", "everything"), StandardCharsets.ISO_8859_1);
        assertThat(info).doesNotContain("topsecret");
        diff.check("CONFIG", "SET", "requirepass", "");
    }
}
