package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * Items written aside while their count is not yet known (Redis's deferred lengths): the caller then
 * writes the aggregate header to the client's reply and appends the items.
 */
final class ItemsWrittenAside {
    private final Reply body;

    ItemsWrittenAside(Reply target) {
        body = new Reply(UnpooledByteBufAllocator.DEFAULT);
        body.setProtocol(target.protocol());
    }

    Reply body() {
        return body;
    }

    /** Appends what was written aside to target. */
    void appendTo(Reply target) {
        ByteBuf b = body.take();
        if (b != null) {
            target.raw(ByteBufUtil.getBytes(b));
            b.release();
        }
    }
}
