package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoadingView;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** INFO memory's scripting fields follow the script cache and the loaded libraries. */
class ScriptInfoTest {
    private static EmbeddedDataNode node;
    private static RawConnection conn;

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start();
        conn = new RawConnection(node.host(), node.port());
    }

    @AfterAll
    static void stop() {
        conn.close();
        node.close();
    }

    private static long field(String name) {
        return LoadingView.number(conn.callString("INFO", "memory"), name);
    }

    @Test
    void scriptFieldsTrackCacheAndLibraries() {
        conn.callString("SCRIPT", "FLUSH");
        conn.callString("FUNCTION", "FLUSH");
        assertThat(field("number_of_cached_scripts")).isZero();
        long emptyCache = field("used_memory_scripts_eval");
        long emptyVm = field("used_memory_vm_eval");
        assertThat(field("used_memory_lua")).isEqualTo(emptyVm).isPositive();

        conn.callString("EVAL", "local t = {} for i = 1, 10 do t[i] = i * 2 end return #t", "0");
        conn.callString("SCRIPT", "LOAD", "return 'two'");
        assertThat(field("number_of_cached_scripts")).isEqualTo(2);
        assertThat(field("used_memory_scripts_eval")).isGreaterThan(emptyCache);
        assertThat(field("used_memory_vm_eval")).isGreaterThan(emptyVm);

        long functionsBefore = field("used_memory_functions");
        conn.callString("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('a', function() return 1 end)\n"
                + "redis.register_function('b', function() return 2 end)");
        assertThat(field("number_of_functions")).isEqualTo(2);
        assertThat(field("number_of_libraries")).isEqualTo(1);
        assertThat(field("used_memory_functions")).isGreaterThan(functionsBefore);
        assertThat(field("used_memory_scripts")).isEqualTo(field("used_memory_scripts_eval") + field("used_memory_functions"));
        assertThat(field("used_memory_vm_total")).isEqualTo(field("used_memory_vm_eval") + field("used_memory_vm_functions"));

        conn.callString("SCRIPT", "FLUSH");
        conn.callString("FUNCTION", "DELETE", "lib");
        assertThat(field("number_of_cached_scripts")).isZero();
        assertThat(field("used_memory_scripts_eval")).isEqualTo(emptyCache);
        assertThat(field("number_of_functions")).isZero();
        assertThat(field("number_of_libraries")).isZero();
    }
}
