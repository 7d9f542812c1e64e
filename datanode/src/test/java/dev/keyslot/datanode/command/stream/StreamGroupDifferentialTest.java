package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.Resp3Switch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups against redis-server 7.0: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM and
 * XINFO GROUPS/CONSUMERS, with entries-read and lag tracking. Replies holding times (idle, seen-time,
 * delivery time) are compared with those numbers masked.
 */
class StreamGroupDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    /** Runs on both and compares with time-dependent integers masked. */
    private static void masked(String... commands) {
        for (String command : commands) {
            String[] args = command.split(" ");
            String expected = mask(diff.redisConnection().call(args));
            String actual = mask(diff.nodeConnection().call(args));
            assertThat(actual).as(command).isEqualTo(expected);
        }
    }

    static String mask(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        s = s.replaceAll("(idle|seen-time)\r\n:\\d+", "$1\r\n:T");
        s = s.replaceAll(":\\d{12,}\r\n", ":T\r\n");
        return s.replaceAll("(\\*4\r\n\\$\\d+\r\n[^\r]*\r\n\\$\\d+\r\n[^\r]*\r\n):\\d+", "$1:T");
    }

    private static void fill(String key, int n) {
        for (int i = 1; i <= n; i++) {
            diff.check("XADD", key, i + "-0", "f", "v" + i);
        }
    }

    @Test
    void groupLifecycleAndErrors() {
        fill("s", 5);
        diff.checkAll("XGROUP CREATE s g $", "XGROUP CREATE s g $", "XGROUP CREATE s g2 0", "XGROUP CREATE s g3 2-0",
                "XGROUP CREATE s g4 - ", "XGROUP CREATE s g5 x", "XGROUP CREATE missing g $",
                "XGROUP CREATE missing g $ MKSTREAM", "TYPE missing", "XLEN missing", "XGROUP CREATE s g6 0 FOO",
                "XGROUP CREATE s g7 0 ENTRIESREAD", "XGROUP CREATE s g7 0 ENTRIESREAD x",
                "XGROUP CREATE s g7 0 ENTRIESREAD -2", "XGROUP CREATE s g7 0 ENTRIESREAD -1",
                "XGROUP CREATE s g8 0 ENTRIESREAD 3 MKSTREAM", "XGROUP CREATE s g9 0 MKSTREAM MKSTREAM MKSTREAM MKSTREAM",
                "XINFO GROUPS s", "XGROUP SETID s g 0", "XGROUP SETID s g $ ENTRIESREAD 5", "XGROUP SETID s g -",
                "XGROUP SETID s g +", "XGROUP SETID s g 3", "XGROUP SETID s nogroup 0", "XGROUP SETID missing2 g 0",
                "XGROUP SETID s g 0 MKSTREAM", "XGROUP SETID s g 0 ENTRIESREAD 1 ENTRIESREAD 2", "XINFO GROUPS s",
                "XGROUP CREATECONSUMER s g alice", "XGROUP CREATECONSUMER s g alice", "XGROUP CREATECONSUMER s nog a",
                "XGROUP CREATECONSUMER s g", "XGROUP DELCONSUMER s g alice", "XGROUP DELCONSUMER s g alice",
                "XGROUP DELCONSUMER s nog alice", "XGROUP DESTROY s g", "XGROUP DESTROY s g", "XGROUP DESTROY missing2 g",
                "XGROUP FOO s g", "XGROUP", "XGROUP CREATE s", "XGROUP DESTROY s g x", "XGROUP HELP",
                "XGROUP HELP x", "SET str x", "XGROUP CREATE str g $", "XGROUP CREATE str g $ MKSTREAM",
                "XINFO GROUPS s", "XGROUP CREATE s 1 0", "XGROUP CREATE s \u00e9 0", "XINFO GROUPS s");
    }

    @Test
    void readGroupDeliversAndTracksPending() {
        fill("s", 10);
        diff.checkAll("XGROUP CREATE s g 0", "XREADGROUP GROUP g alice COUNT 3 STREAMS s >",
                "XREADGROUP GROUP g bob COUNT 2 STREAMS s >", "XREADGROUP GROUP g alice STREAMS s 0",
                "XREADGROUP GROUP g alice COUNT 1 STREAMS s 1", "XREADGROUP GROUP g bob STREAMS s 0",
                "XREADGROUP GROUP g carol NOACK COUNT 2 STREAMS s >", "XREADGROUP GROUP g carol STREAMS s 0",
                "XINFO GROUPS s", "XPENDING s g", "XACK s g 1-0 2-0 99-0", "XACK s g 1-0", "XACK s nog 1-0",
                "XACK missing g 1-0", "XACK s g x", "XACK s g 4-0 x", "XPENDING s g", "XDEL s 4-0",
                "XREADGROUP GROUP g bob STREAMS s 0", "XREADGROUP GROUP g alice STREAMS s >",
                "XREADGROUP GROUP g alice STREAMS s >", "XINFO GROUPS s", "XPENDING s g",
                "XREADGROUP GROUP g alice COUNT 0 STREAMS s 0", "XREADGROUP GROUP g alice COUNT -1 STREAMS s 0");
        masked("XPENDING s g - + 10", "XPENDING s g - + 10 alice", "XPENDING s g - + 2 bob", "XPENDING s g - + 0",
                "XPENDING s g (3-0 (8-0 10", "XPENDING s g IDLE 0 - + 10", "XPENDING s g IDLE 100000 - + 10",
                "XPENDING s g - + 10 nobody", "XINFO CONSUMERS s g", "XINFO STREAM s FULL", "XINFO STREAM s FULL COUNT 1");
    }

    @Test
    void readGroupTakesTheLargestIdAsNewEntriesOnly() {
        fill("s", 4);
        diff.checkAll("XGROUP CREATE s g 0", "XREADGROUP GROUP g c COUNT 1 STREAMS s >",
                "XREADGROUP GROUP g c COUNT 2 STREAMS s 18446744073709551615-18446744073709551615",
                "XREADGROUP GROUP g c STREAMS s s 0 18446744073709551615-18446744073709551615",
                "XREAD STREAMS s 18446744073709551615-18446744073709551615", "XPENDING s g");
    }

    @Test
    void readGroupErrors() {
        fill("s", 3);
        diff.checkAll("XGROUP CREATE s g 0", "XREADGROUP GROUP g c STREAMS s $", "XREADGROUP GROUP nog c STREAMS s >",
                "XREADGROUP GROUP g c STREAMS missing >", "XREADGROUP GROUP g c STREAMS s", "XREADGROUP STREAMS s >",
                "XREADGROUP GROUP g c COUNT x STREAMS s >", "XREADGROUP GROUP g c BLOCK x STREAMS s >",
                "XREADGROUP GROUP g c BLOCK -1 STREAMS s >", "XREADGROUP GROUP g c FOO STREAMS s >",
                "XREADGROUP GROUP g c STREAMS s x", "XREADGROUP GROUP g c STREAMS s s > >",
                "XREADGROUP GROUP g c STREAMS s s 0 >", "XREAD GROUP g c STREAMS s >", "XREAD NOACK STREAMS s 0",
                "XREAD STREAMS s >", "XREAD STREAMS s", "XREAD COUNT 1", "XREAD STREAMS s x", "SET str x",
                "XREADGROUP GROUP g c STREAMS str >", "XREAD STREAMS str 0", "XREADGROUP GROUP g c NOACK",
                "XREADGROUP GROUP g c STREAMS s s > 0", "XPENDING s g");
    }

    @Test
    void xreadWithoutGroup() {
        fill("a", 5);
        fill("b", 2);
        diff.checkAll("XREAD STREAMS a 0", "XREAD COUNT 2 STREAMS a b 0 0", "XREAD STREAMS a b $ $",
                "XREAD STREAMS a b 3 1", "XREAD STREAMS a missing b 4 0 1-0", "XREAD COUNT 0 STREAMS a 0",
                "XREAD COUNT -5 STREAMS a 4", "XREAD BLOCK 10 STREAMS a 5", "XREAD STREAMS a 5-0",
                "XREAD STREAMS a 18446744073709551615-18446744073709551615", "MULTI", "XREAD BLOCK 0 STREAMS a $",
                "XREAD BLOCK 0 STREAMS a 0", "EXEC", "XDEL a 5-0", "XREAD STREAMS a 4", "XREAD STREAMS a 3");
    }

    @Test
    void lagAndEntriesRead() {
        fill("s", 5);
        diff.checkAll("XGROUP CREATE s g1 0", "XGROUP CREATE s g2 $", "XGROUP CREATE s g3 3-0",
                "XGROUP CREATE s g4 0 ENTRIESREAD 2", "XINFO GROUPS s", "XREADGROUP GROUP g1 c COUNT 2 STREAMS s >",
                "XINFO GROUPS s", "XDEL s 4-0", "XINFO GROUPS s", "XREADGROUP GROUP g1 c STREAMS s >", "XINFO GROUPS s",
                "XADD s 6-0 f v", "XINFO GROUPS s", "XDEL s 1-0", "XINFO GROUPS s", "XTRIM s MAXLEN 1",
                "XINFO GROUPS s", "XREADGROUP GROUP g3 c STREAMS s >", "XINFO GROUPS s", "XGROUP SETID s g1 0",
                "XINFO GROUPS s", "XGROUP SETID s g1 $ ENTRIESREAD 100", "XINFO GROUPS s",
                "XSETID s 6-0 ENTRIESADDED 50 MAXDELETEDID 5-0", "XINFO GROUPS s", "XGROUP CREATE e g 0 MKSTREAM",
                "XINFO GROUPS e", "XINFO STREAM s");
    }

    @Test
    void claimAndAutoClaim() {
        fill("s", 12);
        diff.checkAll("XGROUP CREATE s g 0", "XREADGROUP GROUP g alice COUNT 8 STREAMS s >",
                "XCLAIM s g bob 0 1-0 2-0", "XCLAIM s g bob 0 1-0 JUSTID", "XCLAIM s g bob 3600000 3-0",
                "XCLAIM s g bob 0 3-0 IDLE 5000 RETRYCOUNT 9", "XCLAIM s g bob 0 4-0 TIME 1000 JUSTID",
                "XCLAIM s g carol 0 10-0 11-0", "XCLAIM s g carol 0 10-0 FORCE", "XCLAIM s g carol 0 11-0 FORCE JUSTID",
                "XCLAIM s g carol 0 99-0 FORCE", "XCLAIM s g bob 0 5-0 LASTID 50-0", "XINFO GROUPS s",
                "XCLAIM s g bob 0 5-0 FOO", "XCLAIM s g bob x 5-0", "XCLAIM s g bob 0 5-0 IDLE x",
                "XCLAIM s g bob 0 5-0 TIME x", "XCLAIM s g bob 0 5-0 RETRYCOUNT x", "XCLAIM s g bob 0 5-0 LASTID x",
                "XCLAIM s g bob 0 5-0 x 6-0", "XCLAIM s nog bob 0 1-0", "XCLAIM missing g bob 0 1-0",
                "XCLAIM s g bob -5 6-0", "XDEL s 7-0", "XCLAIM s g bob 0 7-0", "XPENDING s g",
                "XCLAIM s g bob 0 8-0 IDLE -5", "XCLAIM s g bob 0 8-0 TIME 99999999999999", "XPENDING s g",
                "XAUTOCLAIM s g dave 0 0 COUNT 2", "XAUTOCLAIM s g dave 0 0 COUNT 2 JUSTID",
                "XAUTOCLAIM s g dave 3600000 0", "XDEL s 2-0 3-0", "XAUTOCLAIM s g erin 0 0 COUNT 3",
                "XAUTOCLAIM s g erin 0 (5-0", "XAUTOCLAIM s g erin 0 - COUNT 100", "XAUTOCLAIM s g erin 0 0 COUNT 0",
                "XAUTOCLAIM s g erin 0 0 COUNT x", "XAUTOCLAIM s g erin 0 0 FOO", "XAUTOCLAIM s g erin x 0",
                "XAUTOCLAIM s g erin 0 x", "XAUTOCLAIM s nog erin 0 0", "XAUTOCLAIM missing g erin 0 0",
                "XAUTOCLAIM s g erin 0 (18446744073709551615-18446744073709551615", "XPENDING s g",
                "XAUTOCLAIM s g erin 0 0 COUNT 1152921504606846975",
                "XAUTOCLAIM s g erin 0 0 COUNT 1152921504606846976", "XINFO GROUPS s");
        masked("XINFO CONSUMERS s g", "XPENDING s g - + 100", "XINFO STREAM s FULL");
    }

    @Test
    void pendingArgumentErrors() {
        fill("s", 3);
        diff.checkAll("XGROUP CREATE s g 0", "XREADGROUP GROUP g c STREAMS s >");
        masked("XPENDING s g - + 1 c extra");
        diff.checkAll("XPENDING s", "XPENDING s g -",
                "XPENDING s g - +", "XPENDING s g - + x", "XPENDING s g x + 1", "XPENDING s g - x 1",
                "XPENDING s g IDLE 1 - +", "XPENDING s g IDLE x - + 1", "XPENDING s nog", "XPENDING missing g",
                "XPENDING s nog - + 1", "XPENDING s g (- + 1", "XPENDING s g - (0-0 1",
                "XPENDING s g IDLE 1 - + 1 c extra", "SET str x", "XPENDING str g",
                "XACK str g 1-0", "XCLAIM str g c 0 1-0", "XINFO CONSUMERS s nog", "XINFO CONSUMERS missing g");
    }

    @Test
    void resp3Shapes() {
        fill("s", 3);
        diff.checkAll("XGROUP CREATE s g 0");
        Resp3Switch.enable(diff);
        diff.checkAll("XRANGE s - +", "XREAD STREAMS s 0", "XREAD STREAMS s missing 1 0", "XREAD STREAMS s 5",
                "XREADGROUP GROUP g c COUNT 2 STREAMS s >", "XREADGROUP GROUP g c STREAMS s 0", "XINFO STREAM s",
                "XINFO GROUPS s", "XPENDING s g", "XPENDING s nog", "XRANGE s - + COUNT 0", "XADD s NOMKSTREAM 9-0 a b",
                "XADD m NOMKSTREAM 1-0 a b", "XINFO STREAM e", "XGROUP CREATE e g $ MKSTREAM", "XINFO STREAM e",
                "XINFO GROUPS e", "XPENDING e g", "XAUTOCLAIM s g d 0 0", "XCLAIM s g d 0 1-0 JUSTID");
        masked("XINFO STREAM s FULL", "XINFO CONSUMERS s g");
    }
}
