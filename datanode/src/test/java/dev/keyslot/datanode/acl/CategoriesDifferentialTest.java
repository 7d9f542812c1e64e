package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ACL category holds the same commands as in redis-server 7.0, since category rules and their
 * descriptions depend on it.
 */
class CategoriesDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    private static Set<String> names(RawConnection conn, String... args) {
        Set<String> out = new TreeSet<>();
        for (Object o : (List<?>) RespParser.parse(conn.call(args))) {
            out.add((String) o);
        }
        return out;
    }

    @Test
    void categoriesMatchForEveryCommand() {
        diff.checkAll("ACL CAT");
        for (String category : names(diff.redisConnection(), "ACL", "CAT")) {
            assertThat(names(diff.nodeConnection(), "ACL", "CAT", category)).as(category)
                    .isEqualTo(names(diff.redisConnection(), "ACL", "CAT", category));
        }
    }
}
