package dev.keyslot.operator.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the "field:value" lines of INFO and CLUSTER INFO; section headers and blank lines are skipped. */
public final class InfoParser {
    private InfoParser() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
