package dev.keyslot.operator.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The two node images every scenario runs against: stock redis:7 (redis-server 7.0) and the Keyslot data node
 * image (the pod simulator runs the data node jar for it). Scenarios take them from {@link #selected}, and name
 * their clusters with {@link #cluster} so the runs of both images can share one namespace.
 */
public enum NodeImage {
    REDIS("redis:7.0", "r"),
    KEYSLOT("keyslot/datanode:0.1.0-SNAPSHOT", "k");

    private final String image;
    private final String suffix;

    NodeImage(String image, String suffix) {
        this.image = image;
        this.suffix = suffix;
    }

    /**
     * Every image, or those the system property {@code keyslot.test.images} names (comma separated, e.g.
     * {@code keyslot}) to iterate on one; the source of the scenarios' {@code @MethodSource}.
     */
    public static List<NodeImage> selected() {
        String names = System.getProperty("keyslot.test.images", "");
        if (names.isBlank()) {
            return List.of(values());
        }
        return Arrays.stream(names.split(",")).map(n -> valueOf(n.trim().toUpperCase(Locale.ROOT))).toList();
    }

    public String image() {
        return image;
    }

    /** The name of a scenario's cluster for this image, e.g. {@code cache-k}. */
    public String cluster(String base) {
        return base + "-" + suffix;
    }
}
