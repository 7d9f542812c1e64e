package dev.keyslot.operator.testing;

/**
 * The two node images every scenario runs against: stock redis:7 (redis-server 7.0) and the Keyslot data node
 * image (the pod simulator runs the data node jar for it). A scenario names its clusters with {@link #cluster} so
 * the runs of both images can share one namespace.
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

    public String image() {
        return image;
    }

    /** The name of a scenario's cluster for this image, e.g. {@code cache-k}. */
    public String cluster(String base) {
        return base + "-" + suffix;
    }
}
