package dev.keyslot.datanode.config;

/** A rejected configuration value; the message is what Redis would print or reply. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
