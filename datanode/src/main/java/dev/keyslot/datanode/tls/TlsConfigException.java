package dev.keyslot.datanode.tls;

/** TLS settings that cannot be used; the message says why and never contains a key or password. */
public final class TlsConfigException extends Exception {
    public TlsConfigException(String message) {
        super(message);
    }
}
