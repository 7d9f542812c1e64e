package dev.keyslot.datanode.tls;

import io.netty.handler.ssl.NotSslRecordException;

/**
 * Handshake failures in OpenSSL's words, as Redis logs them, for the common causes; the JDK's own message
 * for the rest.
 */
public final class TlsErrors {
    private TlsErrors() {
    }

    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return "error:0A00010B:SSL routines::wrong version number";
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("Empty client certificate chain") || m.contains("certificate_required")) {
                return "error:0A0000C7:SSL routines::peer did not return a certificate";
            }
            if (m.contains("Received fatal alert: unknown_ca")) {
                return "error:0A000418:SSL routines::tlsv1 alert unknown ca";
            }
            if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
                return "error:0A000086:SSL routines::certificate verify failed";
            }
            if (t.getCause() == null) {
                return m.isEmpty() ? t.getClass().getSimpleName() : m;
            }
        }
        return "";
    }
}
