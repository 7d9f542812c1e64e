package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandObserver;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.config.ServerConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Per-command latency distributions for INFO latencystats (when latency-tracking is on). Durations are kept
 * in buckets of three significant digits, like the HDR histograms Redis uses, so memory stays bounded.
 */
public final class LatencyHistograms implements CommandObserver {

    /** The distribution of one command's durations in microseconds. */
    public static final class Histogram {
        private final TreeMap<Long, Long> buckets = new TreeMap<>();
        private long count;

        void add(long micros) {
            buckets.merge(bucket(micros), 1L, Long::sum);
            count++;
        }

        public long count() {
            return count;
        }

        /** The smallest bucket value at or below which pct percent of the samples lie. */
        public long percentile(double pct) {
            long rank = (long) Math.ceil(pct / 100.0 * count);
            long seen = 0;
            for (Map.Entry<Long, Long> e : buckets.entrySet()) {
                seen += e.getValue();
                if (seen >= rank) {
                    return e.getKey();
                }
            }
            return buckets.isEmpty() ? 0 : buckets.lastKey();
        }

        /**
         * LATENCY HISTOGRAM's view: for power-of-two bounds from 1024 ns, each {bound in microseconds,
         * samples at or below it}, listing only bounds where the cumulative count grows. Bounds are printed
         * the way Redis's HDR histogram reports them (upper edge of the bucket, in whole microseconds).
         */
        public java.util.List<long[]> cumulativePowersOfTwo() {
            java.util.List<long[]> out = new java.util.ArrayList<>();
            long previous = 0;
            long seen = 0;
            var it = buckets.entrySet().iterator();
            Map.Entry<Long, Long> pending = it.hasNext() ? it.next() : null;
            for (long bound = 1024; previous < count; bound *= 2) {
                long edgeNanos = bound + bound / 128 - 1;
                while (pending != null && pending.getKey() * 1000 <= edgeNanos) {
                    seen += pending.getValue();
                    pending = it.hasNext() ? it.next() : null;
                }
                if (seen > previous) {
                    out.add(new long[] {edgeNanos / 1000, seen});
                    previous = seen;
                }
            }
            return out;
        }

        private static long bucket(long v) {
            long scale = 1;
            while (v >= 1000) {
                v /= 10;
                scale *= 10;
            }
            return v * scale;
        }
    }

    private final ServerConfig config;
    private final Map<CommandSpec, Histogram> histograms = new LinkedHashMap<>();

    public LatencyHistograms(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void executed(Client client, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        if (config.getBool("latency-tracking")) {
            histograms.computeIfAbsent(spec, s -> new Histogram()).add(micros);
        }
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
    }
}
