package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COMMAND and ACL after the config file's rename-command, against redis-server 7.0: COMMAND answers by the
 * name clients call a command by (a renamed one describes itself by its own name, a removed one is gone),
 * while ACL rules, ACL CAT and ACL LOG keep using the commands' own names.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RenamedCommandIntrospectionDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void commandAndAclSeeRenamedAndRemovedCommandsAsRedisDoes() throws Exception {
        List<String> reference = observed(true);
        assertThat(reference).contains("INFO names: [flushdb, null, null, config, null, config|get, null, null]");
        assertThat(observed(false)).containsExactlyElementsOf(reference);
    }

    private List<String> observed(boolean reference) throws Exception {
        Path conf = dir.resolve((reference ? "redis" : "node") + ".conf");
        Files.writeString(conf, "rename-command flushdb badger\nrename-command lastsave \"\"\n"
                + "rename-command config cfg\nrename-command client \"\"\n");
        List<String> seen = new ArrayList<>();
        try (ProcessUnderTest node = ProcessUnderTest.startWithConfig(reference, dir, conf);
             RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
            seen.add(conn.callString("COMMAND", "COUNT"));
            seen.add("COMMAND names: " + new TreeSet<>(firstFields(conn.call("COMMAND"))));
            seen.add("LIST: " + new TreeSet<>(RespNode.parse(conn.call("COMMAND", "LIST")).texts()));
            seen.add("LIST pattern: " + RespNode.parse(
                    conn.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "*l*s*")).texts().size());
            seen.add("INFO names: " + firstFields(conn.call("COMMAND", "INFO", "badger", "flushdb", "lastsave",
                    "cfg", "config", "cfg|get", "config|get", "client")));
            seen.add(conn.callString("COMMAND", "INFO", "BADGER", "lastsave"));
            seen.add(conn.callString("COMMAND", "DOCS", "flushdb", "lastsave", "config"));
            seen.add("DOCS names: " + keys(conn.call("COMMAND", "DOCS", "badger", "cfg|set")));
            seen.add("all DOCS: " + new TreeSet<>(keys(conn.call("COMMAND", "DOCS"))));
            seen.add(conn.callString("COMMAND", "GETKEYS", "badger", "async"));
            seen.add(conn.callString("COMMAND", "GETKEYS", "config", "set", "a", "b"));
            seen.add(conn.callString("ACL", "SETUSER", "u", "on", "nopass", "+badger"));
            seen.add(conn.callString("ACL", "SETUSER", "u", "+flushdb", "+lastsave", "+config|get", "+client"));
            // Redis lists single-command rules in its command dict's order, seeded randomly per process.
            seen.add("GETUSER rules: " + new TreeSet<>(List.of(conn.callString("ACL", "GETUSER", "u")
                    .replaceAll("(?s).*(\\+@all|-@all[^\r]*).*", "$1").split(" "))));
            seen.add(conn.callString("ACL", "CAT", "dangerous").contains("\r\nlastsave\r\n") + " lastsave in CAT");
            seen.add(conn.callString("ACL", "DRYRUN", "u", "badger"));
            seen.add(conn.callString("ACL", "DRYRUN", "u", "flushdb"));
            seen.add(conn.callString("AUTH", "u", "x"));
            seen.add(conn.callString("CFG", "SET", "port", "0"));
            List<String> log = RespNode.parse(conn.call("ACL", "LOG", "1")).children.get(0).texts();
            seen.add("LOG object: " + log.get(log.indexOf("object") + 1));
        }
        return seen;
    }

    private static List<String> firstFields(byte[] reply) {
        List<String> names = new ArrayList<>();
        for (RespNode entry : RespNode.parse(reply).children) {
            names.add(entry.isAggregate() ? entry.children.get(0).text : null);
        }
        return names;
    }

    /** The keys of a map reply (RESP2 flattens it to key, value, ...). */
    private static List<String> keys(byte[] reply) {
        List<String> keys = new ArrayList<>();
        List<RespNode> flat = RespNode.parse(reply).children;
        for (int i = 0; i < flat.size(); i += 2) {
            keys.add(flat.get(i).text);
        }
        return keys;
    }
}
