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
     * The distribution of one command's durations in microseconds: HDR-style buckets, 16 linear steps per
     * power of two, in a fixed array so that recording allocates nothing.
     */
    public static final class Histogram {
        private static final int SUB_BUCKETS = 16;
        private final long[] counts = new long[SUB_BUCKETS * 60];
        private long count;

        void add(long micros) {
            counts[index(Math.max(0, micros))]++;
            count++;
        }

        public long count() {
            return count;
        }

        /** The smallest bucket value at or below which pct percent of the samples lie. */
        public long percentile(double pct) {
            long rank = Math.max(1, (long) Math.ceil(pct / 100.0 * count));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return lowerBound(i);
                }
            }
            return 0;
        }

        /**
         * LATENCY HISTOGRAM's view: for power-of-two bounds from 1024 ns, each {bound in microseconds,
         * samples at or below it}, listing only bounds where the cumulative count grows. Bounds are printed
         * the way Redis's HDR histogram reports them (upper edge of the bucket, in whole microseconds).
         */
        public List<long[]> cumulativePowersOfTwo() {
            List<long[]> out = new ArrayList<>();
            long previous = 0;
            long seen = 0;
            int next = 0;
            for (long bound = 1024; previous < count; bound *= 2) {
                long edgeNanos = bound + bound / 128 - 1;
                while (next < counts.length && lowerBound(next) * 1000 <= edgeNanos) {
                    seen += counts[next++];
                }
                if (seen > previous) {
                    out.add(new long[] {edgeNanos / 1000, seen});
                    previous = seen;
                }
            }
            return out;
        }

        private static int index(long v) {
            if (v < SUB_BUCKETS) {
                return (int) v;
            }
            int shift = 63 - Long.numberOfLeadingZeros(v) - 4;
            return (shift + 1) * SUB_BUCKETS + (int) ((v >>> shift) & (SUB_BUCKETS - 1));
        }

        private static long lowerBound(int index) {
            if (index < SUB_BUCKETS) {
                return index;
            }
            int shift = index / SUB_BUCKETS - 1;
            return (long) (SUB_BUCKETS + index % SUB_BUCKETS) << shift;
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
