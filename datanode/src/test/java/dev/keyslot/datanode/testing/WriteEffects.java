package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observes the side effects of write commands: the dirty counter (compared with redis-server's
 * rdb_changes_since_last_save) and which keys the data node reported as modified (WATCH's hook). Replaces
 * the events listener of the node's db 0, so use it in a test class with its own {@link Differential}.
 */
public final class WriteEffects {
    private final Differential diff;
    private final List<String> modified = new ArrayList<>();

    public WriteEffects(Differential diff) {
        this.diff = diff;
        onNode(() -> {
            diff.node().server().keyspace().db(0).setEvents(new KeyspaceEvents() {
                @Override
                public void keyModified(Database db, byte[] key) {
                    modified.add(new String(key, StandardCharsets.ISO_8859_1));
                }
            });
            return null;
        });
    }

    /**
     * Runs the command on both servers (identical replies), asserts both dirty counters grew by the same
     * amount, and that the node reported exactly the given keys as modified.
     */
    public void check(String command, String... expectedModifiedKeys) {
        String[] args = command.split(" ");
        long redisBefore = redisDirty();
        long nodeBefore = nodeDirty();
        onNode(() -> {
            modified.clear();
            return null;
        });
        diff.check(args);
        long redisDelta = redisDirty() - redisBefore;
        long nodeDelta = nodeDirty() - nodeBefore;
        assertThat(nodeDelta).as("dirty increment of " + command).isEqualTo(redisDelta);
        List<String> keys = onNode(() -> new ArrayList<>(modified));
        assertThat(new TreeSet<>(keys)).as("keys signalled by " + command)
                .isEqualTo(new TreeSet<>(List.of(expectedModifiedKeys)));
    }

    private long redisDirty() {
        String info = RespNode.parse(diff.redisConnection().call("INFO", "persistence")).text;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("rdb_changes_since_last_save:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new IllegalStateException("no rdb_changes_since_last_save in INFO");
    }

    private long nodeDirty() {
        return onNode(() -> diff.node().server().stats().dirty);
    }

    private <T> T onNode(Callable<T> task) {
        Server server = diff.node().server();
        try {
            return server.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("command thread task failed", e);
        }
    }
}
