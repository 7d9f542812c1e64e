package dev.keyslot.operator.testing;

/**
 * The /24 of loopback addresses the simulated pods and test nodes use: 127.0.1.x unless the system property
 * {@code keyslot.test.subnet} names another prefix (e.g. {@code 127.0.31.}), so that two checkouts can run
 * the suite at the same time on one machine without their nodes taking each other's addresses.
 * <p>
 * Test classes run in parallel surefire forks, which Maven numbers 1, 2, ... in {@code keyslot.test.fork}: fork n
 * adds n - 1 to the second octet (fork 2 of 127.0.31. uses 127.1.31.), so forks never share an address while
 * the third octet still tells checkouts apart.
 */
public final class TestSubnet {
    private TestSubnet() {
    }

    /** The prefix, ending with a dot, to which a host number is appended. */
    public static String prefix() {
        String configured = System.getProperty("keyslot.test.subnet", "127.0.1.");
        String[] octets = (configured.endsWith(".") ? configured : configured + ".").split("\\.");
        int second = Integer.parseInt(octets[1]) + fork() - 1;
        return octets[0] + "." + second + "." + octets[2] + ".";
    }

    /**
     * The /24 for the private addresses of pods behind a simulated network: the pod subnet's third octet plus 100
     * (127.0.1. gives 127.0.101.), the range that goes with each checkout's subnet.
     */
    public static String privatePrefix() {
        String[] octets = prefix().split("\\.");
        return octets[0] + "." + octets[1] + "." + (Integer.parseInt(octets[2]) + 100) + ".";
    }

    /** This JVM's surefire fork number; 1 outside Maven (an IDE run) or when surefire does not number forks. */
    private static int fork() {
        String fork = System.getProperty("keyslot.test.fork", "1");
        return fork.matches("[1-9][0-9]*") ? Integer.parseInt(fork) : 1;
    }
}
