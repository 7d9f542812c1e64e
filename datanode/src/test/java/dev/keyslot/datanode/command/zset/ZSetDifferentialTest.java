package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.testing.ChangeCounts;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Sorted-set commands on listpack-sized sets, compared byte for byte with redis-server 7.0. */
class ZSetDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void zaddOptionsAndErrors() {
        diff.checkAll("ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z CH 5 a 2 b", "ZADD z NX 10 a 4 d",
                "ZADD z XX 11 a 5 e", "ZADD z GT 1 a 20 b", "ZADD z LT 100 c 0 d", "ZADD z GT CH 50 a",
                "ZADD z XX GT CH 1 a 60 a", "ZRANGE z 0 -1 WITHSCORES", "ZADD z NX XX 1 a", "ZADD z GT LT 1 a",
                "ZADD z NX GT 1 a", "ZADD z NX LT 1 a", "ZADD z INCR 1 a 2 b", "ZADD z 1", "ZADD z 1 a 2",
                "ZADD z x a", "ZADD z nan a", "ZADD z 1e400 a", "ZADD z 1e-400 a", "ZADD z \" 1\" a",
                "ZADD z NX", "ZADD z ch", "ZADD z INCR 5 a", "ZADD z INCR NX 5 a", "ZADD z INCR XX 5 newm",
                "ZADD z INCR GT -1 a", "ZADD z INCR LT -1 a", "ZADD z INCR NX 3 fresh", "ZADD z inf i -inf j",
                "ZADD z INCR -inf i", "ZSCORE z i", "ZADD z 0x10 hex +5 plus .5 dot 5. dot2 1e3 exp",
                "ZADD missing XX 1 a", "ZADD missing XX INCR 1 a", "EXISTS missing", "SET s v", "ZADD s 1 a",
                "ZADD s x a", "ZRANGE z 0 -1 WITHSCORES");
    }

    @Test
    void zincrby() {
        diff.checkAll("ZINCRBY z 1 a", "ZINCRBY z 2.5 a", "ZINCRBY z -0.1 a", "ZINCRBY z x a", "ZINCRBY z nx a",
                "ZINCRBY z inf b", "ZINCRBY z -inf b", "ZINCRBY z 1e308 c", "ZINCRBY z 1e308 c",
                "ZRANGE z 0 -1 WITHSCORES", "SET s v", "ZINCRBY s 1 a");
    }

    @Test
    void remCardScoreRank() {
        diff.checkAll("ZADD z 1 a 2 b 3 c 3 d", "ZREM z a x", "ZREM z x", "ZCARD z", "ZCARD missing",
                "ZSCORE z b", "ZSCORE z x", "ZSCORE missing x", "ZMSCORE z b x c", "ZMSCORE missing a b",
                "ZRANK z b", "ZRANK z d", "ZRANK z x", "ZRANK missing x", "ZREVRANK z b", "ZREVRANK z d",
                "ZREVRANK z x", "ZREM z b c d", "EXISTS z", "ZREM missing a", "SET s v", "ZREM s a", "ZCARD s",
                "ZSCORE s a", "ZMSCORE s a", "ZRANK s a", "ZREVRANK s a", "ZMSCORE z");
    }

    @Test
    void countAndLexCount() {
        diff.checkAll("ZADD z 1 a 2 b 3 c 4 d 5 e", "ZCOUNT z -inf +inf", "ZCOUNT z (1 3", "ZCOUNT z 1 (3",
                "ZCOUNT z (1 (2", "ZCOUNT z 3 1", "ZCOUNT z x 1", "ZCOUNT z 1 x", "ZCOUNT z ( (", "ZCOUNT z \" 2\" 3",
                "ZCOUNT z 1e400 inf", "ZCOUNT z nan 1", "ZCOUNT z 0x1 0x3", "ZCOUNT missing 0 1",
                "ZADD l 0 a 0 b 0 c 0 d 0 e", "ZLEXCOUNT l - +", "ZLEXCOUNT l [b (d", "ZLEXCOUNT l (b [d",
                "ZLEXCOUNT l + -", "ZLEXCOUNT l - -", "ZLEXCOUNT l [a [a", "ZLEXCOUNT l (a (a", "ZLEXCOUNT l a b",
                "ZLEXCOUNT l [a x", "ZLEXCOUNT l +a +", "ZLEXCOUNT missing - +", "ZLEXCOUNT missing a b",
                "SET s v", "ZCOUNT s 0 1", "ZLEXCOUNT s - +", "ZCOUNT s x 1");
    }

    @Test
    void zrangeByRank() {
        diff.checkAll("ZADD z 1 a 2 b 3 c 4 d 5 e", "ZRANGE z 0 -1", "ZRANGE z 1 3 WITHSCORES", "ZRANGE z -2 -1",
                "ZRANGE z 3 1", "ZRANGE z 10 20", "ZRANGE z -100 100 withscores", "ZRANGE z 0 -1 REV",
                "ZRANGE z 0 1 REV WITHSCORES", "ZREVRANGE z 0 -1", "ZREVRANGE z 1 2 WITHSCORES", "ZRANGE z x 1",
                "ZRANGE z 0 1 LIMIT 0 1", "ZRANGE z 0 1 FOO", "ZRANGE z 0 1 REV REV", "ZREVRANGE z 0 1 REV",
                "ZRANGE missing 0 -1", "ZRANGE missing x y", "SET s v", "ZRANGE s 0 1", "ZREVRANGE s 0 1",
                "ZRANGE z 0 -1 WITHSCORES WITHSCORES", "ZREVRANGE z 0", "ZRANGE z");
    }

    @Test
    void zrangeByScore() {
        diff.checkAll("ZADD z 1 a 2 b 3 c 4 d 5 e 5 f", "ZRANGE z 2 4 BYSCORE", "ZRANGE z (2 4 BYSCORE WITHSCORES",
                "ZRANGE z 4 2 BYSCORE REV", "ZRANGE z -inf +inf BYSCORE LIMIT 1 2", "ZRANGE z -inf +inf BYSCORE LIMIT 1 -1",
                "ZRANGE z -inf +inf BYSCORE LIMIT -1 2", "ZRANGE z -inf +inf BYSCORE LIMIT 10 2",
                "ZRANGE z -inf +inf BYSCORE LIMIT 0 0", "ZRANGE z +inf -inf BYSCORE REV LIMIT 2 2 WITHSCORES",
                "ZRANGEBYSCORE z 1 3", "ZRANGEBYSCORE z (1 (5 WITHSCORES", "ZRANGEBYSCORE z -inf inf LIMIT 2 3",
                "ZRANGEBYSCORE z 1 3 REV", "ZRANGEBYSCORE z 1 3 BYSCORE", "ZREVRANGEBYSCORE z 3 1",
                "ZREVRANGEBYSCORE z +inf (4 WITHSCORES LIMIT 0 1", "ZREVRANGEBYSCORE z 1 3",
                "ZRANGEBYSCORE z x 1", "ZRANGEBYSCORE z 1 3 LIMIT 1", "ZRANGEBYSCORE z 1 3 LIMIT a b",
                "ZRANGE z 1 2 BYSCORE BYLEX", "ZRANGE z 5 5 BYSCORE", "ZRANGE z (5 5 BYSCORE",
                "ZRANGEBYSCORE missing 0 1", "ZRANGEBYSCORE missing x 1", "ZRANGE z \"\" \"(\" BYSCORE");
    }

    @Test
    void zrangeByLex() {
        diff.checkAll("ZADD z 0 a 0 b 0 c 0 d 0 e 0 aa", "ZRANGE z - + BYLEX", "ZRANGE z [b (d BYLEX",
                "ZRANGE z + - BYLEX REV", "ZRANGE z (d [b BYLEX REV LIMIT 0 1", "ZRANGE z - + BYLEX LIMIT 2 10",
                "ZRANGE z - + BYLEX WITHSCORES", "ZRANGEBYLEX z [a [b", "ZRANGEBYLEX z - + LIMIT 1 1",
                "ZRANGEBYLEX z a b", "ZRANGEBYLEX z - + WITHSCORES", "ZREVRANGEBYLEX z + -", "ZREVRANGEBYLEX z [c -",
                "ZREVRANGEBYLEX z - +", "ZRANGEBYLEX missing - +", "ZRANGEBYLEX missing a b", "ZRANGE z [ [ BYLEX",
                "ZRANGE z [aa [aa BYLEX", "ZRANGE z (aa (aa BYLEX");
    }

    @Test
    void lexQueriesOnMixedScoresScanTheListpack() {
        diff.checkAll("ZADD m 1 c 2 a 3 b 4 e 5 d 6 aa", "ZRANGEBYLEX m [b +", "ZRANGEBYLEX m - [c",
                "ZRANGEBYLEX m (a (d", "ZREVRANGEBYLEX m + [b", "ZREVRANGEBYLEX m [c -", "ZLEXCOUNT m [b +",
                "ZLEXCOUNT m - [c", "ZLEXCOUNT m (a (e", "ZRANGE m [b [e BYLEX LIMIT 1 2", "ZRANGESTORE dst m [b + BYLEX",
                "ZRANGE dst 0 -1 WITHSCORES", "ZREMRANGEBYLEX m [b [d", "ZRANGE m 0 -1 WITHSCORES");
    }

    @Test
    void zrangestore() {
        diff.checkAll("ZADD src 1 a 2 b 3 c 4 d", "ZRANGESTORE dst src 0 1", "ZRANGE dst 0 -1 WITHSCORES",
                "ZRANGESTORE dst src 2 3 BYSCORE REV", "ZRANGE dst 0 -1 WITHSCORES", "ZRANGESTORE dst src - + BYLEX LIMIT 1 2",
                "ZRANGE dst 0 -1", "ZRANGESTORE dst src 5 6", "EXISTS dst", "ZRANGESTORE dst missing 0 -1",
                "ZRANGESTORE dst src 0 -1 WITHSCORES", "ZRANGESTORE dst src 0 1 LIMIT 0 1", "SET s v",
                "ZRANGESTORE dst s 0 1", "ZRANGESTORE s src 0 0", "ZRANGE s 0 -1", "ZRANGESTORE dst src");
    }

    @Test
    void removeRanges() {
        diff.checkAll("ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYRANK z -1 -1",
                "ZREMRANGEBYRANK z 5 10", "ZREMRANGEBYRANK z x 1", "ZRANGE z 0 -1", "ZREMRANGEBYSCORE z (2 3",
                "ZREMRANGEBYSCORE z x 1", "ZREMRANGEBYSCORE z 10 20", "ZRANGE z 0 -1",
                "ZADD l 0 a 0 b 0 c 0 d", "ZREMRANGEBYLEX l [b (d", "ZREMRANGEBYLEX l x y", "ZRANGE l 0 -1",
                "ZREMRANGEBYLEX l - +", "EXISTS l", "ZREMRANGEBYRANK z 0 -1", "EXISTS z",
                "ZREMRANGEBYRANK missing 0 1", "ZREMRANGEBYSCORE missing 0 1", "ZREMRANGEBYLEX missing - +",
                "SET s v", "ZREMRANGEBYRANK s 0 1", "ZREMRANGEBYSCORE s 0 1", "ZREMRANGEBYLEX s - +");
    }

    @Test
    void popsAndMultiPop() {
        diff.checkAll("ZADD z 1 a 2 b 3 c 4 d 5 e", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 2", "ZPOPMAX z 0",
                "ZPOPMIN z -1", "ZPOPMIN z x", "ZPOPMIN z 1 2", "ZPOPMAX z 10", "EXISTS z", "ZPOPMIN missing",
                "ZPOPMIN missing 2", "ZADD a 1 x 2 y", "ZADD b 3 z", "ZMPOP 2 missing a MIN", "ZMPOP 2 a b MAX COUNT 5",
                "ZMPOP 1 a MIN", "ZMPOP 1 missing MIN", "ZMPOP 0 a MIN", "ZMPOP x a MIN", "ZMPOP 1 b MIDDLE",
                "ZMPOP 1 b MIN COUNT 0", "ZMPOP 1 b MIN COUNT x", "ZMPOP 1 b MIN COUNT 1 COUNT 1", "ZMPOP 3 b MIN",
                "SET s v", "ZPOPMIN s", "ZPOPMAX s 0", "ZMPOP 2 s b MIN", "ZMPOP 1 b MAX");
    }

    @Test
    void setAlgebra() {
        diff.checkAll("ZADD a 1 x 2 y 3 z", "ZADD b 10 y 20 z 30 w", "ZADD c 100 z",
                "ZUNION 2 a b", "ZUNION 2 a b WITHSCORES", "ZUNION 3 a b c WEIGHTS 1 2 3 WITHSCORES",
                "ZUNION 2 a b AGGREGATE MIN WITHSCORES", "ZUNION 2 a b AGGREGATE max WITHSCORES",
                "ZUNION 2 a missing WITHSCORES", "ZUNION 2 a b WEIGHTS 1", "ZUNION 2 a b WEIGHTS 1 x",
                "ZUNION 2 a b AGGREGATE avg", "ZUNION 2 a b AGGREGATE", "ZUNION 0 a", "ZUNION -1 a", "ZUNION x a",
                "ZUNION 3 a b", "ZUNION 2 a b FOO", "ZINTER 2 a b WITHSCORES", "ZINTER 3 a b c WITHSCORES",
                "ZINTER 2 a b WEIGHTS 2 0.5 AGGREGATE SUM WITHSCORES", "ZINTER 2 a missing", "ZINTER 2 a a WITHSCORES",
                "ZDIFF 2 a b", "ZDIFF 2 a b WITHSCORES", "ZDIFF 1 a WITHSCORES", "ZDIFF 2 missing a",
                "ZDIFF 2 a b WEIGHTS 1 1", "ZDIFF 2 a b AGGREGATE SUM", "ZINTERCARD 2 a b", "ZINTERCARD 3 a b c",
                "ZINTERCARD 2 a b LIMIT 1", "ZINTERCARD 2 a b LIMIT 0", "ZINTERCARD 2 a b LIMIT -1",
                "ZINTERCARD 2 a b LIMIT x", "ZINTERCARD 2 a b WITHSCORES", "ZINTERCARD 0 a", "ZINTERCARD 2 a missing",
                "ZUNIONSTORE dst 2 a b", "ZRANGE dst 0 -1 WITHSCORES", "ZINTERSTORE dst 2 a b WEIGHTS 1 -1",
                "ZRANGE dst 0 -1 WITHSCORES", "ZDIFFSTORE dst 2 a b", "ZRANGE dst 0 -1 WITHSCORES",
                "ZINTERSTORE dst 2 a missing", "EXISTS dst", "ZUNIONSTORE dst 2 a b WITHSCORES", "ZUNIONSTORE dst 0 a",
                "SET s v", "ZUNION 2 a s", "ZUNIONSTORE dst 2 a s", "ZINTERCARD 2 s a", "ZUNIONSTORE s 1 a",
                "ZRANGE s 0 -1", "ZUNION 2 a s FOO", "ZINTERSTORE dst 2 a b WEIGHTS 0 0 WITHSCORES");
    }

    @Test
    void plainSetsCountAsSortedSetsWithScoreOne() {
        diff.checkAll("ZADD z 2 a 3 b", "SADD s a c 10 20", "SADD n 1 2 3",
                "ZUNION 2 z s WITHSCORES", "ZINTER 2 z s WITHSCORES", "ZDIFF 2 s z WITHSCORES",
                "ZUNION 2 s n WEIGHTS 2 3 WITHSCORES", "ZINTERCARD 2 s z", "ZUNIONSTORE d 2 z s",
                "ZRANGE d 0 -1 WITHSCORES", "ZINTERSTORE d 2 s n AGGREGATE MAX", "EXISTS d", "ZDIFFSTORE d 1 n",
                "ZRANGE d 0 -1 WITHSCORES", "OBJECT ENCODING d", "RPUSH l x", "ZUNION 2 z l");
    }

    @Test
    void weightsProducingNanAndNegativeZero() {
        diff.checkAll("ZADD a inf x 0 y -inf z", "ZADD b -inf x 1 y inf z",
                "ZUNION 2 a b WITHSCORES", "ZUNION 2 a b WEIGHTS 0 1 WITHSCORES", "ZUNION 2 a b WEIGHTS -1 1 WITHSCORES",
                "ZINTER 2 a b WITHSCORES", "ZINTER 2 a b AGGREGATE MIN WEIGHTS 0 0 WITHSCORES",
                "ZUNIONSTORE dst 2 a b WEIGHTS -1 0", "ZRANGE dst 0 -1 WITHSCORES", "ZUNION 1 a WEIGHTS -1 WITHSCORES");
    }

    @Test
    void zrandmemberDeterministicCases() {
        diff.checkAll("ZADD z 1 a 2 b 3 c", "ZRANDMEMBER z 3", "ZRANDMEMBER z 10 WITHSCORES", "ZRANDMEMBER z 0",
                "ZRANDMEMBER missing", "ZRANDMEMBER missing 5", "ZRANDMEMBER missing 0 WITHSCORES",
                "ZRANDMEMBER z x", "ZRANDMEMBER z 1 FOO", "ZRANDMEMBER z 1 WITHSCORES x",
                "ZRANDMEMBER z -9223372036854775808", "ZRANDMEMBER z 9223372036854775807 WITHSCORES",
                "ZRANDMEMBER z -9223372036854775807 WITHSCORES", "SET s v", "ZRANDMEMBER s", "ZRANDMEMBER s 1",
                "ZRANDMEMBER s x");
    }

    @Test
    void zscanOfListpackSet() {
        diff.checkAll("ZADD z 1 a 2 b 3.5 c -0 d", "ZSCAN z 0", "ZSCAN z 0 COUNT 1", "ZSCAN z 0 MATCH [ab]*",
                "ZSCAN z 0 MATCH * COUNT 100", "ZSCAN z 0 COUNT 0", "ZSCAN z 0 COUNT x", "ZSCAN z 0 TYPE zset",
                "ZSCAN z 0 MATCH", "ZSCAN z x", "ZSCAN z -1", "ZSCAN z 18446744073709551616", "ZSCAN z \" 1\"",
                "ZSCAN missing 0", "ZSCAN missing x", "ZSCAN missing 0 FOO", "SET s v", "ZSCAN s 0", "ZSCAN s x",
                "ZSCAN z \"\"", "ZSCAN z +5");
    }

    @Test
    void scoresPrintLikePercent17g() {
        Random rnd = new Random(42);
        List<String> commands = new ArrayList<>();
        String[] fixed = {"0.1", "1e-5", "1.5e300", "-0", "inf", "-inf", "123456789012345678", "1e16", "1e17",
            "0.30000000000000004", "2.2250738585072014e-308", "4.9e-324", "1e-310", "-1.7976931348623157e308",
            "100", "0.5", "1e21", "12345.678"};
        for (int i = 0; i < fixed.length; i++) {
            commands.add("ZADD z " + fixed[i] + " f" + i);
        }
        for (int i = 0; i < 100; i++) {
            double d = switch (i % 4) {
                case 0 -> rnd.nextDouble();
                case 1 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
                case 2 -> Double.longBitsToDouble(rnd.nextLong());
                default -> rnd.nextInt(1_000_000) / 1000.0;
            };
            if (Double.isNaN(d)) {
                continue;
            }
            commands.add("ZADD z " + d + " r" + i);
            commands.add("ZSCORE z r" + i);
        }
        commands.add("ZRANGE z 0 -1 WITHSCORES");
        diff.checkAll(commands.toArray(new String[0]));
    }

    @Test
    void everyWriteCountsItsChanges() {
        ChangeCounts.check(diff, "ZADD z 1 a 2 b 3 c", "ZADD z 1 a 5 b 9 d", "ZADD z CH XX 7 a", "ZADD z NX 1 a",
                "ZINCRBY z 1 a", "ZADD z INCR 0 a", "ZREM z a nope", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYRANK z 5 9",
                "ZADD z 1 a 2 b 3 c", "ZREMRANGEBYSCORE z 1 2", "ZADD l 0 a 0 b 0 c", "ZREMRANGEBYLEX l [a [b",
                "ZPOPMIN z 5", "ZADD z 1 a 2 b 3 c", "ZPOPMAX z", "ZMPOP 1 z MIN COUNT 9", "ZADD a 1 x 2 y",
                "ZUNIONSTORE dst 2 a l", "ZINTERSTORE dst 2 a l", "ZINTERSTORE dst 2 a l", "ZDIFFSTORE dst 1 a",
                "ZRANGESTORE dst a 0 0", "ZRANGESTORE dst a 5 6", "ZRANGESTORE dst a 5 6", "ZADD z GT 1 a");
    }

    @Test
    void binaryMembers() {
        byte[] weird = {0, (byte) 0xff, '\r', '\n'};
        diff.check("ZADD".getBytes(), "z".getBytes(), "1".getBytes(), weird, "2".getBytes(), new byte[0]);
        diff.check("ZRANGE".getBytes(), "z".getBytes(), "0".getBytes(), "-1".getBytes(), "WITHSCORES".getBytes());
        diff.check("ZSCORE".getBytes(), "z".getBytes(), weird);
        diff.check("ZRANGEBYLEX".getBytes(), "z".getBytes(), "-".getBytes(), "+".getBytes());
    }
}
