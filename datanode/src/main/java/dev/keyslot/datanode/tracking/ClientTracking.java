package dev.keyslot.datanode.tracking;

import dev.keyslot.datanode.util.ByteKey;

import java.util.Set;
import java.util.TreeSet;

/**
 * A client's CLIENT TRACKING settings: on/off, the modes (BCAST, OPTIN, OPTOUT, NOLOOP), the one-shot
 * CLIENT CACHING answer, the redirection target and the BCAST prefixes (sorted, as Redis lists them).
 */
public final class ClientTracking {
    boolean enabled;
    boolean bcast;
    boolean optin;
    boolean optout;
    boolean noloop;
    /** CLIENT CACHING yes/no applies to the next command (or transaction) only. */
    boolean caching;
    boolean brokenRedirect;
    /** Client id receiving the invalidations, 0 for this connection itself. */
    long redirect;
    final Set<ByteKey> prefixes = new TreeSet<>();

    /** CLIENT LIST flag t. */
    public boolean enabled() {
        return enabled;
    }

    /** CLIENT LIST flag B. */
    public boolean bcast() {
        return bcast;
    }

    /** CLIENT LIST flag R: the redirection target disconnected. */
    public boolean brokenRedirect() {
        return brokenRedirect;
    }

    public long redirect() {
        return redirect;
    }

    public boolean optin() {
        return optin;
    }

    public boolean optout() {
        return optout;
    }

    public boolean noloop() {
        return noloop;
    }

    /** CLIENT CACHING was given for the next command. */
    public boolean caching() {
        return caching;
    }

    public Set<ByteKey> prefixes() {
        return java.util.Collections.unmodifiableSet(prefixes);
    }
}
