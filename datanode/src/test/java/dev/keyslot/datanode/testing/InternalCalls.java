package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Runs a command on the data node through an internal client whose state a test sets up directly
 * (protocol version, blocking denied), returning the reply bytes. For client states the data node has no
 * command for yet.
 */
public final class InternalCalls {
    private InternalCalls() {
    }

    public static byte[] run(EmbeddedDataNode node, Consumer<Client> setup, String... args) {
        Server server = node.server();
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        try {
            return server.eventLoop().submit(() -> {
                Client c = server.createInternalClient();
                setup.accept(c);
                server.executor().process(c, argv);
                ByteBuf out = c.reply().take();
                if (out == null) {
                    return new byte[0];
                }
                byte[] bytes = new byte[out.readableBytes()];
                out.readBytes(bytes);
                out.release();
                return bytes;
            }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
