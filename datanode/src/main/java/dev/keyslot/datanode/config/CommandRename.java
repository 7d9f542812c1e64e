package dev.keyslot.datanode.config;

/**
 * A rename-command directive of the config file: the command named from answers to to from now on, or to
 * nothing when to is empty. Applied once the command table exists; context places an error in the file.
 */
public record CommandRename(String from, String to, int lineNumber, String line) {
    /** The fatal config error Redis reports for this line, with reason. */
    public ConfigLoader.FatalConfigError refused(String reason) {
        return ConfigLoader.fatal(lineNumber, line, reason);
    }
}
