package dev.keyslot.operator.admin;

import dev.keyslot.operator.topology.SlotSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses CLUSTER NODES: {@code id ip:port@bus[,hostname] flags master ping pong epoch link slot...}, where a
 * slot is "n", "a-b", "[n->-target]" (migrating) or "[n-<-source]" (importing).
 */
public final class ClusterNodesParser {
    private ClusterNodesParser() {
    }

    public static List<ClusterNodesLine> parse(String text) {
        List<ClusterNodesLine> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(parseLine(line.trim()));
            }
        }
        return lines;
    }

    static ClusterNodesLine parseLine(String line) {
        String[] f = line.split(" ");
        if (f.length < 8) {
            throw new IllegalArgumentException("not a CLUSTER NODES line: " + line);
        }
        String addressField = f[1].contains(",") ? f[1].substring(0, f[1].indexOf(',')) : f[1];
        Set<String> flags = new LinkedHashSet<>(List.of(f[2].split(",")));
        String masterId = "-".equals(f[3]) ? null : f[3];
        StringBuilder ranges = new StringBuilder();
        Map<Integer, String> migrating = new TreeMap<>();
        Map<Integer, String> importing = new TreeMap<>();
        for (int i = 8; i < f.length; i++) {
            String slot = f[i];
            if (slot.startsWith("[")) {
                String body = slot.substring(1, slot.length() - 1);
                int migratingMark = body.indexOf("->-");
                int importingMark = body.indexOf("-<-");
                if (migratingMark > 0) {
                    migrating.put(Integer.parseInt(body.substring(0, migratingMark)), body.substring(migratingMark + 3));
                } else if (importingMark > 0) {
                    importing.put(Integer.parseInt(body.substring(0, importingMark)), body.substring(importingMark + 3));
                }
            } else {
                ranges.append(slot).append(',');
            }
        }
        return new ClusterNodesLine(f[0], NodeAddress.parse(addressField), flags, masterId, Long.parseLong(f[4]), Long.parseLong(f[6]),
                f[7], SlotSet.parse(ranges.toString()), migrating, importing);
    }
}
