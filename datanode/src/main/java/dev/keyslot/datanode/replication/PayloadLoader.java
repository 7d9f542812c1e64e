package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.persistence.RdbLoader;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the snapshot a master sent into the (emptied) keyspace on the command thread, as Redis's replica
 * does. Logically expired keys are kept: the master's DELs for them follow in the stream.
 */
final class PayloadLoader {
    private static final RdbLoader.Options REPLICA = new RdbLoader.Options(false, true);

    private PayloadLoader() {
    }

    /** Returns null on success, else why the payload was refused. Releases rdb. */
    static String load(Server server, ByteBuf rdb) {
        try (InputStream in = new BufferedInputStream(new ByteBufInputStream(rdb, true), 64 * 1024)) {
            RdbLoader.Result result = new RdbLoader(server).load(in, REPLICA);
            server.log().notice("Done loading RDB, keys loaded: " + result.keysLoaded() + ", keys expired: "
                    + result.keysExpired() + ".");
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
