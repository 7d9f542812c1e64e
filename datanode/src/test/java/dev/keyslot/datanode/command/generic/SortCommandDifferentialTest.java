package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SORT and SORT_RO against redis-server 7.0 on what the data node has: option parsing, errors, missing
 * sources and STORE of empty results. Sorting actual collections is in
 * {@link SortOnCollectionsDifferentialTest}.
 */
class SortCommandDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void missingSourceSortsAsAnEmptyList() {
        diff.checkAll("SORT missing", "SORT missing DESC ALPHA", "SORT missing LIMIT 0 10", "SORT missing BY nosort",
                "SORT missing BY w_* GET # GET h_*->f", "SORT missing limit -5 -5 asc", "SORT_RO missing",
                "SORT_RO missing BY nosort GET # DESC", "SORT missing LIMIT 5 1 GET a GET b");
    }

    @Test
    void wrongTypeSource() {
        diff.checkAll("SET s v", "SORT s", "SORT_RO s ALPHA", "SORT s STORE d");
    }

    @Test
    void optionErrors() {
        diff.checkAll("SORT k LIMIT", "SORT k LIMIT 0", "SORT k LIMIT a 1", "SORT k LIMIT 0 b", "SORT k LIMIT 1.5 1",
                "SORT k BY", "SORT k GET", "SORT k STORE", "SORT k FOO", "SORT k ALPHA FOO", "SORT_RO k STORE d",
                "SORT k LIMIT 0 99999999999999999999", "SORT", "SORT_RO", "SET s v", "SORT s FOO", "SORT s LIMIT x 1");
    }

    @Test
    void storeOfEmptyResultDeletesTheDestination() {
        diff.checkAll("SET dst x", "SORT missing STORE dst", "EXISTS dst", "SORT missing STORE dst", "SET dst y EX 100",
                "SORT missing STORE dst GET # GET x_*", "EXISTS dst", "SORT missing STORE missing BY nosort");
    }

    @Test
    void countersMatchRedis() {
        diff.checkAll("SET dst x");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.checkAll("SORT missing", "SORT missing STORE dst", "SORT missing STORE dst", "SORT_RO other",
                "SORT x FOO");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }
}
