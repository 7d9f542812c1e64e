package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted sets past the listpack limits (lowered to 4 entries / 8 bytes so conversions happen often):
 * conversions, negative zero surviving only in skip lists, random command sequences, and the
 * non-deterministic ZSCAN and ZRANDMEMBER compared by invariants.
 */
class ZSetSkiplistDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--zset-max-listpack-entries", "4",
            "--zset-max-listpack-value", "8");

    @Test
    void negativeZeroIsKeptOnlyOnceConverted() {
        diff.checkAll("ZADD z -0 a", "ZSCORE z a", "ZADD z 1 b 2 c 3 d 4 e", "ZSCORE z a", "ZADD z -0 f",
                "ZSCORE z f", "ZINCRBY z -0 g", "ZRANGE z 0 -1 WITHSCORES", "ZADD long -0 averyveryverylongmember",
                "ZSCORE long averyveryverylongmember", "ZADD small -0 x", "ZUNIONSTORE u 1 small WEIGHTS -1",
                "ZSCORE u x", "ZUNIONSTORE u 1 z WEIGHTS -1", "ZRANGE u 0 -1 WITHSCORES",
                "ZUNION 1 small WEIGHTS -1 WITHSCORES", "ZRANGESTORE r z 0 -1", "ZRANGE r 0 -1 WITHSCORES",
                "ZRANGESTORE r z 0 1", "ZRANGE r 0 -1 WITHSCORES", "ZADD r -0 q", "ZSCORE r q");
    }

    @Test
    void randomCommandSequences() {
        Random rnd = new Random(11);
        List<String> commands = new ArrayList<>();
        String[] scores = {"0", "1", "-1", "2.5", "-0", "inf", "-inf", "1e-3", "7", "3"};
        for (int i = 0; i < 600; i++) {
            String m = "m" + rnd.nextInt(40);
            String s = scores[rnd.nextInt(scores.length)];
            String key = "z" + rnd.nextInt(3);
            switch (rnd.nextInt(16)) {
                case 0, 1, 2 -> commands.add("ZADD " + key + " " + s + " " + m + " " + s + " " + m + "x");
                case 3 -> commands.add("ZADD " + key + " GT CH " + s + " " + m);
                case 4 -> commands.add("ZINCRBY " + key + " " + s + " " + m);
                case 5 -> commands.add("ZREM " + key + " " + m + " m" + rnd.nextInt(40));
                case 6 -> commands.add("ZRANK " + key + " " + m);
                case 7 -> commands.add("ZREVRANGE " + key + " " + rnd.nextInt(5) + " " + (rnd.nextInt(20) - 5) + " WITHSCORES");
                case 8 -> commands.add("ZRANGEBYSCORE " + key + " (" + s + " +inf WITHSCORES LIMIT 1 " + rnd.nextInt(6));
                case 9 -> commands.add("ZCOUNT " + key + " " + s + " (" + scores[rnd.nextInt(scores.length)]);
                case 10 -> commands.add("ZPOPMIN " + key + " " + rnd.nextInt(3));
                case 11 -> commands.add("ZREMRANGEBYRANK " + key + " " + rnd.nextInt(3) + " " + rnd.nextInt(3));
                case 12 -> commands.add("ZUNIONSTORE z" + rnd.nextInt(3) + " 2 z1 z2 WEIGHTS 1 " + s + " AGGREGATE MAX");
                case 13 -> commands.add("ZINTER 3 z0 z1 z2 WITHSCORES");
                case 14 -> commands.add("ZRANGESTORE z" + rnd.nextInt(3) + " " + key + " " + rnd.nextInt(4) + " -1");
                default -> commands.add("ZMPOP 2 " + key + " z0 MAX COUNT " + (1 + rnd.nextInt(3)));
            }
            commands.add("ZRANGE " + key + " 0 -1 WITHSCORES");
        }
        diff.checkAll(commands.toArray(new String[0]));
    }

    @Test
    void largeSetRangesAreExact() {
        List<String> commands = new ArrayList<>();
        StringBuilder add = new StringBuilder("ZADD big");
        for (int i = 0; i < 300; i++) {
            add.append(' ').append(i % 17).append(" member").append(i);
        }
        commands.add(add.toString());
        commands.add("ZRANGE big 0 -1 WITHSCORES");
        commands.add("ZRANGE big 100 120 REV WITHSCORES");
        commands.add("ZRANGE big (3 7 BYSCORE LIMIT 5 10");
        StringBuilder lex = new StringBuilder("ZADD lex");
        for (int i = 0; i < 300; i++) {
            lex.append(" 0 member").append(i);
        }
        commands.add(lex.toString());
        commands.add("ZRANGE lex [member2 (member3 BYLEX");
        commands.add("ZRANGE lex (member5 - BYLEX REV LIMIT 3 20");
        commands.add("ZLEXCOUNT lex [member1 [member2");
        commands.add("ZREMRANGEBYLEX lex [member1 [member2");
        commands.add("ZRANGE lex 0 -1");
        commands.add("ZRANK big member150");
        commands.add("ZREVRANK big member150");
        commands.add("ZCOUNT big 2 (9");
        commands.add("ZREMRANGEBYSCORE big 5 6");
        commands.add("ZREMRANGEBYRANK big 10 40");
        commands.add("ZRANGE big 0 -1 WITHSCORES");
        commands.add("ZRANDMEMBER big 1000 WITHSCORES");
        diff.checkAll(commands.toArray(new String[0]));
    }

    @Test
    void zscanVisitsEveryMemberOfALargeSet() {
        StringBuilder add = new StringBuilder("ZADD big");
        for (int i = 0; i < 200; i++) {
            add.append(' ').append(i).append(".5 m").append(i);
        }
        diff.checkAll(add.toString());
        assertThat(scanAll(diff.nodeConnection(), "COUNT", "7")).isEqualTo(scanAll(diff.redisConnection(), "COUNT", "7"));
        assertThat(scanAll(diff.nodeConnection(), "MATCH", "m1*")).isEqualTo(scanAll(diff.redisConnection(), "MATCH", "m1*"));
    }

    /** Member to score text, accumulated over a full ZSCAN iteration (bounded). */
    private static Map<String, String> scanAll(RawConnection conn, String... options) {
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        for (int round = 0; round < 1000; round++) {
            List<String> args = new ArrayList<>(List.of("ZSCAN", "big", cursor));
            args.addAll(List.of(options));
            List<String> parts = bulks(conn.call(args.toArray(new String[0])));
            cursor = parts.get(0);
            for (int i = 1; i + 1 < parts.size(); i += 2) {
                seen.put(parts.get(i), parts.get(i + 1));
            }
            if (cursor.equals("0")) {
                return seen;
            }
        }
        throw new AssertionError("ZSCAN did not finish");
    }

    /** The bulk strings of a (nested) RESP2 reply, in order. */
    private static List<String> bulks(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        String[] lines = s.split("\r\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("$") && !lines[i].equals("$-1")) {
                out.add(lines[++i]);
            }
        }
        return out;
    }

    @Test
    void zrandmemberInvariants() {
        diff.checkAll("ZADD small 1 a 2 b 3 c", "ZADD big 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i 10 j 11 k 12 l");
        for (String key : List.of("small", "big")) {
            Map<String, String> scores = new HashMap<>();
            List<String> all = bulks(diff.nodeConnection().call("ZRANGE", key, "0", "-1", "WITHSCORES"));
            for (int i = 0; i + 1 < all.size(); i += 2) {
                scores.put(all.get(i), all.get(i + 1));
            }
            for (RawConnection conn : List.of(diff.redisConnection(), diff.nodeConnection())) {
                for (int count : new int[] {1, 2, 5, 11, -1, -7, -30}) {
                    List<String> pairs = bulks(conn.call("ZRANDMEMBER", key, Integer.toString(count), "WITHSCORES"));
                    int expectedSize = count > 0 ? Math.min(count, scores.size()) : -count;
                    assertThat(pairs).hasSize(expectedSize * 2);
                    List<String> members = new ArrayList<>();
                    for (int i = 0; i < pairs.size(); i += 2) {
                        assertThat(scores).containsEntry(pairs.get(i), pairs.get(i + 1));
                        members.add(pairs.get(i));
                    }
                    if (count > 0) {
                        assertThat(members).doesNotHaveDuplicates();
                    }
                }
                assertThat(scores).containsKey(bulks(conn.call("ZRANDMEMBER", key)).get(0));
            }
        }
    }
}
