package dev.keyslot.datanode.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees of a server that is loading its dataset (GET key:1, PING, SELECT, CLUSTER INFO, INFO
 * persistence), and the wait until key:1 reads back as value:1, for comparing a data node's startup load with
 * redis-server's.
 */
public record LoadingView(String get, String ping, String select, String clusterInfo, String info) {
    public static LoadingView observe(String host, int port) {
        try (RawConnection conn = new RawConnection(host, port)) {
            String get = new String(conn.call("GET", "key:1"), StandardCharsets.ISO_8859_1);
            return new LoadingView(get, conn.callString("PING"), conn.callString("SELECT", "0"),
                    conn.callString("CLUSTER", "INFO"), conn.callString("INFO", "persistence"));
        }
    }

    /** Waits (at most timeoutMillis) until GET key:1 no longer answers -LOADING, then checks its value. */
    public static void awaitLoaded(String host, int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (RawConnection conn = new RawConnection(host, port)) {
            while (conn.callString("GET", "key:1").startsWith("-LOADING")) {
                assertThat(System.currentTimeMillis()).as("still loading").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(conn.callString("GET", "key:1")).isEqualTo("$7\r\nvalue:1\r\n");
        }
    }

    /** The names of INFO's loading* fields, in order. */
    public List<String> loadingFields() {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith("loading"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    /** One INFO field's value, null when absent. */
    public static String field(String info, String name) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1)).findFirst().orElse(null);
    }

    /** One numeric INFO (or CLUSTER INFO) field, which must be present. */
    public static long number(String info, String name) {
        String value = field(info, name);
        assertThat(value).as(name).isNotNull();
        return Long.parseLong(value);
    }
}
