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
}
