package dev.keyslot.datanode.server;

/**
 * INFO's instantaneous_* figures: every 100 ms or more, the rate of change of a counter since the previous
 * sample goes into a ring of 16 samples; the figure is their average, as Redis's trackInstantaneousMetric.
 */
public final class InstantaneousMetrics {
    private static final int SAMPLES = 16;
    private static final long PERIOD_MILLIS = 100;

    /** One tracked counter. */
    private static final class Rate {
        private final long[] ring = new long[SAMPLES];
        private int next;
        private long lastValue;

        void sample(long value, long elapsedMillis) {
            ring[next] = (value - lastValue) * 1000 / elapsedMillis;
            next = (next + 1) % SAMPLES;
            lastValue = value;
        }

        long average() {
            long sum = 0;
            for (long v : ring) {
                sum += v;
            }
            return sum / SAMPLES;
        }
    }

    private final ServerStats stats;
    private final Rate ops = new Rate();
    private final Rate input = new Rate();
    private final Rate output = new Rate();
    private long lastSampleMillis = System.currentTimeMillis();

    InstantaneousMetrics(ServerStats stats) {
        this.stats = stats;
    }

    /** Called from the cron; samples at most every 100 ms. */
    void sample() {
        long now = System.currentTimeMillis();
        long elapsed = now - lastSampleMillis;
        if (elapsed < PERIOD_MILLIS) {
            return;
        }
        lastSampleMillis = now;
        ops.sample(stats.commandsProcessed, elapsed);
        input.sample(stats.netInputBytes, elapsed);
        output.sample(stats.netOutputBytes, elapsed);
    }

    public long opsPerSecond() {
        return ops.average();
    }

    public double inputKbps() {
        return input.average() / 1024.0;
    }

    public double outputKbps() {
        return output.average() / 1024.0;
    }
}
