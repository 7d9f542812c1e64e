package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COMMAND DOCS compared with redis-server 7.0, in RESP2 and RESP3, for every command and subcommand the data
 * node has; and the committed docs resource kept equal to what redis-server answers (run with
 * -Dkeyslot.docs.update=true to rewrite it). Redis orders commands and subcommands by its hash table, which
 * is seeded randomly per process, so containers and the full listing are compared as maps.
 */
class CommandDocsDifferentialTest {
    private static final Path RESOURCE = Path.of("src/main/resources/command-docs.resp3");
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    @Test
    void everyCommandAndSubcommandIsDocumentedAsRedisDocumentsIt() {
        List<String> names = commandNames();
        for (int protocol : new int[] {2, 3}) {
            diff.redisConnection().call("HELLO", Integer.toString(protocol));
            diff.nodeConnection().call("HELLO", Integer.toString(protocol));
            for (String name : names) {
                if (names.stream().noneMatch(n -> n.startsWith(name + "|"))) {
                    diff.check("COMMAND", "DOCS", name);
                }
            }
            diff.checkAll("COMMAND DOCS get nosuchcommand set", "COMMAND DOCS nosuch", "COMMAND DOCS CONFIG|GET GET",
                    "COMMAND DOCS config|nosuch");
        }
        for (String container : List.of("config", "slowlog")) {
            assertThat(resp3(diff.nodeConnection(), "COMMAND", "DOCS", container)).as(container)
                    .isEqualTo(resp3(diff.redisConnection(), "COMMAND", "DOCS", container));
        }
        diff.redisConnection().call("HELLO", "2");
        diff.nodeConnection().call("HELLO", "2");
    }

    @Test
    void docsOfAllCommandsCoverTheWholeTable() {
        Map<String, Object> all = resp3(diff.nodeConnection(), "COMMAND", "DOCS");
        assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(
                commandNames().stream().filter(n -> !n.contains("|")).toList());
        assertThat(all.get("get")).isEqualTo(resp3(diff.redisConnection(), "COMMAND", "DOCS", "get").get("get"));
        diff.nodeConnection().call("HELLO", "2");
        List<?> flat = (List<?>) RespParser.parse(diff.nodeConnection().call("COMMAND", "DOCS"));
        assertThat(flat).hasSize(2 * all.size());
    }

    @Test
    void theCommittedDocsAreWhatRedisAnswers() throws IOException {
        diff.redisConnection().call("HELLO", "3");
        byte[] live = diff.redisConnection().call("COMMAND", "DOCS");
        diff.redisConnection().call("HELLO", "2");
        if (Boolean.getBoolean("keyslot.docs.update")) {
            Files.write(RESOURCE, live);
        }
        try (InputStream in = CommandDocs.class.getResourceAsStream("/command-docs.resp3")) {
            assertThat(new CommandDocs.Resp3Reader(in.readAllBytes()).read())
                    .as("the docs differ from redis-server's: rerun with -Dkeyslot.docs.update=true")
                    .isEqualTo(new CommandDocs.Resp3Reader(live).read());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resp3(RawConnection connection, String... command) {
        connection.call("HELLO", "3");
        return (Map<String, Object>) new CommandDocs.Resp3Reader(connection.call(command)).read();
    }

    private static List<String> commandNames() {
        return ((List<?>) RespParser.parse(diff.nodeConnection().call("COMMAND", "LIST"))).stream()
                .map(Object::toString).toList();
    }
}
