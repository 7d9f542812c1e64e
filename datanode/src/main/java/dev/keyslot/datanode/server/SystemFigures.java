package dev.keyslot.datanode.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process figures INFO reports: resident memory, system memory and CPU time, from /proc and the JVM. */
public final class SystemFigures {
    /** Linux reports /proc times in clock ticks, USER_HZ, which is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE_SIZE = 4096;

    private SystemFigures() {
    }

    /**
     * Loads the JVM's management beans on a background thread: loaded on first use, by the first INFO, they
     * held the command thread for hundreds of milliseconds in a fresh JVM (redis-cli --cluster create waits on
     * that INFO of every node).
     */
    public static void loadInBackground() {
        Thread loader = new Thread(() -> {
            totalSystemMemory();
            currentThreadCpuSeconds();
        }, "management-beans");
        loader.setDaemon(true);
        loader.start();
    }

    public static long residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }

    public static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** {system, user} CPU seconds of the whole process. */
    public static double[] processCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[] {Long.parseLong(f[12]) / TICKS_PER_SECOND, Long.parseLong(f[11]) / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }

    /** {system, user} CPU seconds of the calling thread (the command thread when called by a command). */
    public static double[] currentThreadCpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return new double[] {0, 0};
        }
        long total = threads.getCurrentThreadCpuTime();
        long user = threads.getCurrentThreadUserTime();
        return new double[] {(total - user) / 1e9, user / 1e9};
    }
}
