package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.server.LatencyMonitor;

import java.util.Collection;
import java.util.Locale;

/** LATENCY DOCTOR's human readable report. */
final class LatencyReport {
    private LatencyReport() {
    }

    static String create(long threshold, Collection<LatencyMonitor.Series> events) {
        if (threshold == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
                    + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
                    + "If we weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n";
        }
        if (events.isEmpty()) {
            return "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think "
                    + "things over.\n";
        }
        StringBuilder sb = new StringBuilder("Dave, I have observed latency spikes in this Redis instance. "
                + "You don't mind talking about it, do you Dave?\n\n");
        int n = 1;
        for (LatencyMonitor.Series s : events) {
            long sum = 0;
            long first = Long.MAX_VALUE;
            long last = 0;
            for (long[] sample : s.samples()) {
                sum += sample[1];
                first = Math.min(first, sample[0]);
                last = Math.max(last, sample[0]);
            }
            int count = s.samples().size();
            long avg = sum / count;
            long deviation = 0;
            for (long[] sample : s.samples()) {
                deviation += Math.abs(sample[1] - avg);
            }
            double period = count > 1 ? (double) (last - first) / (count - 1) : 0;
            sb.append(String.format(Locale.ROOT, "%d. %s: %d latency spikes (average %dms, mean deviation %dms, "
                    + "period %.2f sec). Worst all time event %dms.\n", n++, s.event(), count, avg,
                    deviation / count, period, s.max()));
        }
        return sb.toString();
    }
}
