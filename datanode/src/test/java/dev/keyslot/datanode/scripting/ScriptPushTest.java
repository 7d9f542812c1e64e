package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.ByteArrays;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages a script publishes reach subscribers, in order with what the commands around the script
 * publish, whether the script runs on the command thread or on the script thread (then its pushes are
 * flushed by the command thread afterwards). The same conversation runs against redis-server and the data
 * node.
 */
class ScriptPushTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    private static List<String> conversation(String host, int port) {
        List<String> received = new ArrayList<>();
        try (RawConnection publisher = new RawConnection(host, port);
             RawConnection subscriber = new RawConnection(host, port)) {
            received.add(subscriber.callString("SUBSCRIBE", "ch"));
            byte[] eval = RawConnection.encode("EVAL",
                    "redis.call('publish', 'ch', 'a') redis.call('publish', 'ch', 'b') return 1", "0");
            byte[] fcall = RawConnection.encode("FCALL", "pub", "0", "d");
            byte[] publish = RawConnection.encode("PUBLISH", "ch", "c");
            // With a loop, so it runs on the script thread (the straight-line ones run on the command thread).
            byte[] evalLoop = RawConnection.encode("EVAL",
                    "for _, m in ipairs({'e', 'f'}) do redis.call('publish', 'ch', m) end return 2", "0");
            publisher.callString("FUNCTION", "LOAD", "REPLACE",
                    "#!lua name=pushlib\nredis.register_function('pub', function(keys, args) "
                            + "return redis.call('publish', 'ch', args[1]) end)");
            publisher.send(ByteArrays.concat(publish, eval, publish, fcall, evalLoop));
            for (int i = 0; i < 5; i++) {
                received.add(publisher.readReplyString());
            }
            for (int i = 0; i < 7; i++) {
                received.add(subscriber.readReplyString());
            }
            publisher.callString("FUNCTION", "DELETE", "pushlib");
        }
        return received;
    }

    @Test
    void scriptPublishesReachSubscribersInOrder() {
        List<String> expected = conversation(diff.redis().host(), diff.redis().port());
        assertThat(conversation(diff.node().host(), diff.node().port())).isEqualTo(expected);
    }
}
