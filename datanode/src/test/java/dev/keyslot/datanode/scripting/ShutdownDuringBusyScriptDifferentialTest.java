package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script past busy-reply-threshold that already wrote: a SHUTDOWN that would save its half-done effects is
 * refused with -BUSY, as by redis-server 7.0; SHUTDOWN NOSAVE stops the server.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShutdownDuringBusyScriptDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void onlyShutdownNosaveStopsTheServerWhileAScriptIsBusy() throws Exception {
        List<String> reference = shutdownsDuringBusyScript(true);
        String busy = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
        assertThat(reference).containsExactly(busy, busy, "-ERR No shutdown in progress.", "exited");
        assertThat(shutdownsDuringBusyScript(false)).isEqualTo(reference);
    }

    private List<String> shutdownsDuringBusyScript(boolean reference) throws Exception {
        List<String> seen = new ArrayList<>();
        try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir, "--busy-reply-threshold", "50",
                "--save", "3600 1");
             RawConnection script = new RawConnection("127.0.0.1", node.port());
             RawConnection admin = new RawConnection("127.0.0.1", node.port())) {
            script.send(RawConnection.encode("EVAL", "redis.call('set', 'x', '1') while true do end", "0"));
            ProcessUnderTest.awaitCondition(() -> admin.callString("PING").startsWith("-BUSY"),
                    node.name() + " never answered -BUSY");
            seen.add(admin.callString("SHUTDOWN").strip());
            seen.add(admin.callString("SHUTDOWN", "SAVE").strip());
            seen.add(admin.callString("SHUTDOWN", "ABORT").strip());
            admin.send(RawConnection.encode("SHUTDOWN", "NOSAVE"));
            seen.add(admin.isClosedByPeer(20_000) && node.process().waitFor(20, TimeUnit.SECONDS) ? "exited" : "running");
        }
        return seen;
    }
}
