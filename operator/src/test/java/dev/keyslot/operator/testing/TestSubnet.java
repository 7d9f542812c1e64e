package dev.keyslot.operator.testing;

/**
 * The /24 of loopback addresses the simulated pods and test nodes use: 127.0.1.x unless the system property
 * {@code keyslot.test.subnet} names another prefix (e.g. {@code 127.0.31.}), so that two checkouts can run
 * the suite at the same time on one machine without their nodes taking each other's addresses.
 */
public final class TestSubnet {
    private TestSubnet() {
    }

    /** The prefix, ending with a dot, to which a host number is appended. */
    public static String prefix() {
        String configured = System.getProperty("keyslot.test.subnet", "127.0.1.");
        return configured.endsWith(".") ? configured : configured + ".";
    }

    /**
     * The /24 for the private addresses of pods behind a simulated network: the pod subnet's third octet plus 100
     * (127.0.1. gives 127.0.101.), the range that goes with each checkout's subnet.
     */
    public static String privatePrefix() {
        String[] octets = prefix().split("\\.");
        return octets[0] + "." + octets[1] + "." + (Integer.parseInt(octets[2]) + 100) + ".";
    }
}
