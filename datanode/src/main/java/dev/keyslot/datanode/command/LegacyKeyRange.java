package dev.keyslot.datanode.command;

import java.util.List;

/**
 * The (first, last, step) key positions that key specs boil down to, as Redis 7.0 derives COMMAND INFO's
 * legacy fields: one index-and-range spec as it is; otherwise the span of the step-1 index-and-range specs
 * that follow each other; (0, 0, 0) when there is none. Last is absolute, or negative counting from the end.
 * When the range misses some keys (other kinds of spec, gaps, incomplete specs) the command has movable keys.
 */
public record LegacyKeyRange(int first, int last, int step, boolean coversAllKeys) {
    public static LegacyKeyRange of(List<KeySpec> specs) {
        if (specs.isEmpty()) {
            return new LegacyKeyRange(0, 0, 0, true);
        }
        if (specs.size() == 1 && specs.get(0).begin() instanceof KeySpec.Index index
                && specs.get(0).find() instanceof KeySpec.Range range) {
            return new LegacyKeyRange(index.position(), absolute(index.position(), range.lastKey()), range.keyStep(),
                    !specs.get(0).has(KeySpecFlag.INCOMPLETE));
        }
        boolean coversAll = true;
        int first = Integer.MAX_VALUE;
        int last = 0;
        int previousLast = 0;
        for (KeySpec spec : specs) {
            if (!(spec.begin() instanceof KeySpec.Index index) || !(spec.find() instanceof KeySpec.Range range)
                    || range.keyStep() != 1 || (previousLast != 0 && previousLast != index.position() - 1)) {
                coversAll = false;
                continue;
            }
            coversAll &= !spec.has(KeySpecFlag.INCOMPLETE);
            first = Math.min(first, index.position());
            int specLast = absolute(index.position(), range.lastKey());
            // Compared unsigned: a last counted from the end reaches further than any absolute one.
            last = Integer.compareUnsigned(last, specLast) >= 0 ? last : specLast;
            previousLast = last;
        }
        if (first == Integer.MAX_VALUE) {
            return new LegacyKeyRange(0, 0, 0, false);
        }
        return new LegacyKeyRange(first, last, 1, coversAll);
    }

    private static int absolute(int first, int lastKey) {
        return lastKey >= 0 ? first + lastKey : lastKey;
    }
}
