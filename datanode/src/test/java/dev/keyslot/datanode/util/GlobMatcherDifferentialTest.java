package dev.keyslot.datanode.util;

import dev.keyslot.datanode.testing.Differential;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Random glob patterns over a small alphabet rich in metacharacters, matched by HSCAN MATCH on a listpack
 * hash (whole reply in insertion order, so byte-comparable) against redis-server.
 */
class GlobMatcherDifferentialTest {
    private static Differential diff;

    @BeforeContainer
    static void start() {
        diff = new Differential();
    }

    @AfterContainer
    static void stop() {
        diff.close();
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab*?[]^-\\A\u00e9").ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<List<String>> fieldSets() {
        return Arbitraries.strings().withChars("abA-]\\[*\u00e9").ofMaxLength(6).list().ofMinSize(1).ofMaxSize(20)
                .uniqueElements();
    }

    @Property(tries = 150)
    void hscanMatchAgreesWithRedis(@ForAll("fieldSets") List<String> fields,
                                   @ForAll("patterns") String p1, @ForAll("patterns") String p2) {
        List<String> hset = new ArrayList<>(List.of("HSET", "h"));
        for (String f : fields) {
            hset.add(f);
            hset.add("v");
        }
        diff.check("DEL", "h");
        diff.check(hset.toArray(new String[0]));
        diff.check("HSCAN", "h", "0", "MATCH", p1);
        diff.check("HSCAN", "h", "0", "MATCH", p2);
    }
}
