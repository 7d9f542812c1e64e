package dev.keyslot.datanode.protocol;

/**
 * Emitted by the decoder in place of a request when the input is malformed. The connection replies with
 * the message and closes after the reply is written, as Redis does.
 */
public record ProtocolError(String message) {
}
