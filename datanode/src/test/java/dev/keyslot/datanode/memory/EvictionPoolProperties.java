package dev.keyslot.datanode.memory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionPoolProperties {

    /** Whatever the order of offers, the pool ends up holding the best candidates, best first. */
    @Property(tries = 200)
    void keepsTheHighestScoresInOrder(@ForAll @Size(max = 60) @UniqueElements List<Long> scores) {
        EvictionPool pool = new EvictionPool();
        for (long s : scores) {
            pool.offer(s, Long.toString(s).getBytes(StandardCharsets.US_ASCII), 0);
        }
        List<Long> drained = new ArrayList<>();
        for (int k = pool.best(); k >= 0; k = pool.best()) {
            drained.add(Long.parseLong(new String(pool.key(k), StandardCharsets.US_ASCII)));
            pool.remove(k);
        }
        List<Long> expected = scores.stream().sorted(Comparator.reverseOrder())
                .limit(EvictionPool.SIZE).toList();
        assertThat(drained).containsExactlyElementsOf(expected);
    }
}
