package dev.keyslot.datanode.acl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * protected-mode: while the default user needs no password, only local clients may connect. Like Redis's
 * islocalClient, local means a Unix socket or exactly 127.0.0.1 or ::1 (not the rest of 127.0.0.0/8).
 */
public final class ProtectedMode {
    public static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of the "
            + "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' "
            + "from the loopback interface by connecting to Redis from the same host the server is running, however "
            + "MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis "
            + "configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
            + "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of "
            + "the above things in order for the server to start accepting connections from the outside.";

    private ProtectedMode() {
    }

    /** True when a client connecting from remote must be turned away. */
    public static boolean refuses(boolean protectedMode, User defaultUser, SocketAddress remote) {
        return protectedMode && defaultUser.nopass() && !isLocal(remote);
    }

    static boolean isLocal(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet)) {
            return true;
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            return b[0] == 127 && b[1] == 0 && b[2] == 0 && b[3] == 1;
        }
        return address instanceof Inet6Address && address.isLoopbackAddress();
    }
}
