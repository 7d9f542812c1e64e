package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandObserver;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.config.ServerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Per-command latency distributions for INFO latencystats and LATENCY HISTOGRAM (when latency-tracking is
 * on), in fixed-size HDR-style buckets like the histograms Redis uses.
 */
public final class LatencyHistograms implements CommandObserver {

    /**
     * The distribution of one command's durations, laid out as Redis's HDR histogram (nanoseconds from 1 to
     * one second, two significant figures: 256 unit steps, then 128 steps per further power of two), so that
     * percentiles and bucket edges come out as Redis prints them. A fixed array: recording allocates nothing.
     */
    public static final class Histogram {
        private static final long MIN_NANOS = 1;
        private static final long MAX_NANOS = 1_000_000_000L;
        private static final int HALF_MAGNITUDE = 7;
        private static final int HALF_COUNT = 1 << HALF_MAGNITUDE;
        private static final long SUB_BUCKET_MASK = 2 * HALF_COUNT - 1;
        /** Buckets needed until 256 doubled reaches past one second: 23, each adding half a bucket's slots. */
        private static final int BUCKETS = 23;
        private final long[] counts = new long[(BUCKETS + 1) * HALF_COUNT];
        private long count;

        void add(long micros) {
            long nanos = Math.min(MAX_NANOS, Math.max(MIN_NANOS, micros * 1000));
            counts[indexOf(nanos)]++;
            count++;
        }

        public long count() {
            return count;
        }

        /**
         * The percentile in microseconds as Redis's hdr_value_at_percentile gives it: the rank rounds to the
         * nearest sample, and the answer is the highest value equivalent to that sample's bucket (the lowest
         * for percentile 0).
         */
        public double percentileMicros(double pct) {
            double requested = Math.min(pct, 100.0);
            long rank = Math.max(1, (long) (requested / 100 * count + 0.5));
            long seen = 0;
            long value = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    value = valueAt(i);
                    break;
                }
            }
            long nanos = pct == 0.0 ? lowestEquivalent(value) : lowestEquivalent(value) + rangeSize(value) - 1;
            return nanos / 1000.0;
        }

        /**
         * LATENCY HISTOGRAM's view, as Redis's logarithmic iteration from 1024 ns: for each power-of-two
         * level, {the highest value of the level's bucket in whole microseconds, samples in buckets starting
         * at or below the level}, listing only levels where the cumulative count grows.
         */
        public List<long[]> cumulativePowersOfTwo() {
            List<long[]> out = new ArrayList<>();
            long previous = 0;
            long seen = 0;
            int next = 0;
            for (long level = 1024; previous < count && next < counts.length; level *= 2) {
                int last = next;
                while (next < counts.length && valueAt(next) <= level) {
                    last = next;
                    seen += counts[next++];
                }
                if (seen > previous) {
                    long lowest = valueAt(last);
                    out.add(new long[] {(lowest + rangeSize(lowest) - 1) / 1000, seen});
                    previous = seen;
                }
            }
            return out;
        }

        private static int bucketOf(long value) {
            int pow2Ceiling = 64 - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
            return pow2Ceiling - (HALF_MAGNITUDE + 1);
        }

        private static int indexOf(long value) {
            int bucket = bucketOf(value);
            int subBucket = (int) (value >> bucket);
            return ((bucket + 1) << HALF_MAGNITUDE) + subBucket - HALF_COUNT;
        }

        private static long valueAt(int index) {
            int bucket = (index >> HALF_MAGNITUDE) - 1;
            int subBucket = (index & (HALF_COUNT - 1)) + HALF_COUNT;
            if (bucket < 0) {
                subBucket -= HALF_COUNT;
                bucket = 0;
            }
            return (long) subBucket << bucket;
        }

        private static long lowestEquivalent(long value) {
            int bucket = bucketOf(value);
            return (value >> bucket) << bucket;
        }

        private static long rangeSize(long value) {
            int bucket = bucketOf(value);
            return 1L << ((value >> bucket) >= 2 * HALF_COUNT ? bucket + 1 : bucket);
        }
    }

    private final Map<CommandSpec, Histogram> histograms = new LinkedHashMap<>();
    /** Cached from the config: this runs after every command. */
    private volatile boolean enabled;
    /** The last command's distribution: pipelines and benchmarks repeat one command, sparing the map lookup. */
    private CommandSpec lastSpec;
    private Histogram lastHistogram;

    public LatencyHistograms(ServerConfig config) {
        enabled = config.getBool("latency-tracking");
        config.onChange((name, value) -> {
            if (name.equals("latency-tracking")) {
                enabled = value.equals("yes");
            }
        });
    }

    @Override
    public void executed(Client client, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        if (!enabled) {
            return;
        }
        if (spec != lastSpec) {
            lastHistogram = histograms.computeIfAbsent(spec, s -> new Histogram());
            lastSpec = spec;
        }
        lastHistogram.add(micros);
    }

    /** The command's distribution, or null when it has not run since tracking started. */
    public Histogram get(CommandSpec spec) {
        return histograms.get(spec);
    }

    public void forEach(BiConsumer<CommandSpec, Histogram> action) {
        histograms.forEach(action);
    }

    /** CONFIG RESETSTAT forgets all distributions. */
    public void reset() {
        histograms.clear();
        lastSpec = null;
        lastHistogram = null;
    }
}
