package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.LatencySampler;
import dev.keyslot.datanode.config.ServerConfig;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis's latency monitor: events ("command", "fast-command", "command-unblocking"...) whose duration reached
 * latency-monitor-threshold milliseconds, keeping per event the last 160 per-second maxima and the
 * all-time maximum.
 */
public final class LatencyMonitor implements LatencySampler {
    private static final int HISTORY = 160;

    /** One event's samples. */
    public static final class Series {
        private final String event;
        private final Deque<long[]> samples = new ArrayDeque<>();
        private long max;

        Series(String event) {
            this.event = event;
        }

        public String event() {
            return event;
        }

        /** Samples oldest first, each {unixSeconds, millis}. */
        public Collection<long[]> samples() {
            return Collections.unmodifiableCollection(samples);
        }

        public long[] latest() {
            return samples.peekLast();
        }

        public long max() {
            return max;
        }

        void add(long second, long millis) {
            long[] last = samples.peekLast();
            if (last != null && last[0] == second) {
                last[1] = Math.max(last[1], millis);
            } else {
                samples.addLast(new long[] {second, millis});
                if (samples.size() > HISTORY) {
                    samples.removeFirst();
                }
            }
            max = Math.max(max, millis);
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();
    /** Cached from the config: this runs after every command. */
    private volatile long threshold;

    public LatencyMonitor(ServerConfig config) {
        threshold = config.getLong("latency-monitor-threshold");
        config.onChange((name, value) -> {
            if (name.equals("latency-monitor-threshold")) {
                threshold = Long.parseLong(value);
            }
        });
    }

    /** Adds a sample when monitoring is on and the latency reaches the threshold. */
    @Override
    public void record(String event, long millis) {
        if (threshold == 0 || millis < threshold) {
            return;
        }
        events.computeIfAbsent(event, Series::new).add(System.currentTimeMillis() / 1000, millis);
    }

    public Collection<Series> all() {
        return Collections.unmodifiableCollection(events.values());
    }

    public Series get(String event) {
        return events.get(event);
    }

    /** Forgets one event; true when it existed. */
    public boolean reset(String event) {
        return events.remove(event) != null;
    }

    public int resetAll() {
        int n = events.size();
        events.clear();
        return n;
    }
}
