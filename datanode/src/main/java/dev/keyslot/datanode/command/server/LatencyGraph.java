package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.server.LatencyMonitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LATENCY GRAPH: Redis's ASCII sparkline of an event's samples, four rows high and 80 columns wide, each
 * column labelled vertically with how long ago the sample was taken.
 */
final class LatencyGraph {
    private static final int COLUMNS = 80;
    private static final int ROWS = 4;
    private static final String FILL = "_o#";
    /** Blank lines between the graph and the labels. */
    private static final int LABEL_MARGIN = 1;

    private LatencyGraph() {
    }

    static String render(LatencyMonitor.Series series, long nowSeconds) {
        List<long[]> samples = new ArrayList<>(series.samples());
        List<String> labels = new ArrayList<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long[] s : samples) {
            min = Math.min(min, s[1]);
            max = Math.max(max, s[1]);
            labels.add(ago(nowSeconds - s[0]));
        }
        StringBuilder out = new StringBuilder();
        out.append(series.event()).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(series.max()).append(" ms)\n");
        out.append("-".repeat(COLUMNS)).append('\n');
        for (int from = 0; from < samples.size(); from += COLUMNS) {
            if (from != 0) {
                out.append('\n');
            }
            int to = Math.min(samples.size(), from + COLUMNS);
            renderRange(out, samples.subList(from, to), labels.subList(from, to), min, max);
        }
        return out.toString();
    }

    private static String ago(long elapsed) {
        if (elapsed < 60) {
            return elapsed + "s";
        }
        if (elapsed < 3600) {
            return elapsed / 60 + "m";
        }
        if (elapsed < 86400) {
            return elapsed / 3600 + "h";
        }
        return elapsed / 86400 + "d";
    }

    /** Rows of bar characters (a full cell is '|'), a blank margin, then the labels one character per row. */
    private static void renderRange(StringBuilder out, List<long[]> samples, List<String> labels, long min, long max) {
        double range = max - min == 0 ? 1 : max - min;
        int steps = FILL.length() * ROWS;
        char[] line = new char[samples.size()];
        for (int row = 0; ; row++) {
            Arrays.fill(line, ' ');
            boolean any = false;
            for (int j = 0; j < samples.size(); j++) {
                if (row < ROWS) {
                    int step = (int) ((samples.get(j)[1] - min) * steps / range);
                    step = Math.max(0, Math.min(steps - 1, step));
                    int index = step - (ROWS - row - 1) * FILL.length();
                    any = true;
                    if (index >= 0 && index < FILL.length()) {
                        line[j] = FILL.charAt(index);
                    } else if (index >= FILL.length()) {
                        line[j] = '|';
                    }
                } else if (row - ROWS < LABEL_MARGIN) {
                    any = true;
                    break;
                } else {
                    String label = labels.get(j);
                    int position = row - ROWS - LABEL_MARGIN;
                    if (position < label.length()) {
                        any = true;
                        line[j] = label.charAt(position);
                    }
                }
            }
            if (!any) {
                return;
            }
            out.append(line).append('\n');
        }
    }
}
