package dev.keyslot.datanode.memory;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionPoolTest {

    private static byte[] key(long score) {
        return ("k" + score).getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> drain(EvictionPool pool) {
        List<String> order = new ArrayList<>();
        for (int k = pool.best(); k >= 0; k = pool.best()) {
            order.add(new String(pool.key(k), StandardCharsets.US_ASCII));
            pool.remove(k);
        }
        return order;
    }

    @Test
    void yieldsCandidatesFromHighestScoreDown() {
        EvictionPool pool = new EvictionPool();
        for (long score : new long[] {5, 1, 9, 3, 7}) {
            pool.offer(score, key(score), 0);
        }
        assertThat(drain(pool)).containsExactly("k9", "k7", "k5", "k3", "k1");
    }

    @Test
    void aFullPoolKeepsTheSixteenBestCandidates() {
        EvictionPool pool = new EvictionPool();
        for (long score = 100; score >= 1; score--) {
            pool.offer(score, key(score), 0);
        }
        pool.offer(50, key(50), 0);
        List<String> expected = new ArrayList<>();
        for (long score = 100; score > 100 - EvictionPool.SIZE; score--) {
            expected.add("k" + score);
        }
        assertThat(drain(pool)).containsExactlyElementsOf(expected);
    }

    @Test
    void rememberTheDatabaseOfEachCandidate() {
        EvictionPool pool = new EvictionPool();
        pool.offer(1, key(1), 3);
        pool.offer(2, key(2), 7);
        assertThat(pool.db(pool.best())).isEqualTo(7);
    }
}
