package dev.keyslot.datanode.tls;

import io.netty.handler.ssl.NotSslRecordException;

import java.util.List;

/**
 * Handshake failures in OpenSSL 3's words, as Redis logs them, for the common causes, whichever engine
 * (JDK or BoringSSL, whose reason names differ) reported them; the engine's own message for the rest.
 */
public final class TlsErrors {
    private static final String WRONG_VERSION = "error:0A00010B:SSL routines::wrong version number";
    private static final String NO_PEER_CERTIFICATE = "error:0A0000C7:SSL routines::peer did not return a certificate";
    private static final String UNKNOWN_CA = "error:0A000418:SSL routines::tlsv1 alert unknown ca";
    private static final String VERIFY_FAILED = "error:0A000086:SSL routines::certificate verify failed";

    /** A fragment of an engine's message and the OpenSSL 3 line Redis logs for the same cause. */
    private record Known(String fragment, String redisText) {
    }

    private static final List<Known> KNOWN = List.of(
            new Known("Empty client certificate chain", NO_PEER_CERTIFICATE),
            new Known("certificate_required", NO_PEER_CERTIFICATE),
            new Known("PEER_DID_NOT_RETURN_A_CERTIFICATE", NO_PEER_CERTIFICATE),
            new Known("Received fatal alert: unknown_ca", UNKNOWN_CA),
            new Known("TLSV1_ALERT_UNKNOWN_CA", UNKNOWN_CA),
            new Known("PKIX path", VERIFY_FAILED),
            new Known("unable to find valid certification path", VERIFY_FAILED),
            new Known("CERTIFICATE_VERIFY_FAILED", VERIFY_FAILED),
            new Known("WRONG_VERSION_NUMBER", WRONG_VERSION));

    private TlsErrors() {
    }

    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return WRONG_VERSION;
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            for (Known known : KNOWN) {
                if (m.contains(known.fragment())) {
                    return known.redisText();
                }
            }
            if (t.getCause() == null) {
                return m.isEmpty() ? t.getClass().getSimpleName() : m;
            }
        }
        return "";
    }
}
