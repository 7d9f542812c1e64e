package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A bug inside one command answers that request with an error; the connection and server carry on. */
class InternalErrorTest {
    @Test
    void aFailingHandlerDoesNotCloseTheConnection() {
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            node.server().eventLoop().submit(() -> node.server().commands().add("explode", 1, "", "",
                    (c, argv) -> {
                        throw new IllegalStateException("bug");
                    })).syncUninterruptibly();
            try (RawConnection conn = new RawConnection(node.host(), node.port())) {
                assertThat(conn.callString("EXPLODE"))
                        .isEqualTo("-ERR internal error executing 'explode': IllegalStateException\r\n");
                assertThat(conn.callString("PING")).isEqualTo("+PONG\r\n");
                assertThat(conn.callString("INFO", "errorstats")).contains("errorstat_ERR:count=1");
            }
        }
    }

    @Test
    void aStackOverflowIsAnErrorReplyToo() {
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            node.server().eventLoop().submit(() -> node.server().commands().add("recurse", 1, "", "",
                    (c, argv) -> {
                        throw new StackOverflowError();
                    })).syncUninterruptibly();
            try (RawConnection conn = new RawConnection(node.host(), node.port())) {
                assertThat(conn.callString("RECURSE"))
                        .isEqualTo("-ERR internal error executing 'recurse': StackOverflowError\r\n");
                assertThat(conn.callString("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }
}
