package dev.keyslot.datanode.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The server's configuration: the table of known directives (as data, see {@link ConfigOptions}) and their
 * current values. Values are kept in their canonical text form, the one CONFIG GET prints.
 */
public final class ServerConfig {
    /** Every registered name, aliases included, to its option. */
    private final Map<String, ConfigOption> options = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
    /** Side effects that can fail (rebinding sockets), run by CONFIG SET before a value is stored. */
    private final Map<String, Applier> appliers = new LinkedHashMap<>();
    /** Options whose applier runs even when the value is unchanged (Redis's VOLATILE_CONFIG: files reread). */
    private final java.util.Set<String> volatileOptions = new java.util.HashSet<>();
    /** The values of the CONFIG SET being applied, so an applier can see the other options set with it. */
    private Map<String, String> proposed;
    /** The file the server was started with, for CONFIG REWRITE; null when none. */
    private String configFile;

    public ServerConfig() {
        ConfigOptions.defineAll(this);
    }

    public void define(ConfigOption option) {
        options.put(option.name(), option);
        if (option.alias() != null) {
            options.put(option.alias(), option);
        }
        values.put(option.name(), option.defaultValue());
    }

    public ConfigOption option(String name) {
        return options.get(name.toLowerCase(Locale.ROOT));
    }

    /** Canonical options (no aliases), in definition order. */
    public Collection<ConfigOption> allOptions() {
        List<ConfigOption> result = new ArrayList<>();
        for (Map.Entry<String, ConfigOption> e : options.entrySet()) {
            if (e.getKey().equals(e.getValue().name())) {
                result.add(e.getValue());
            }
        }
        return result;
    }

    /** Every name CONFIG GET can match, aliases included, with its option. */
    public Map<String, ConfigOption> registeredNames() {
        return Collections.unmodifiableMap(options);
    }

    public String get(String name) {
        ConfigOption o = option(name);
        if (o == null) {
            throw new IllegalArgumentException("unknown config " + name);
        }
        return values.get(o.name());
    }

    /** The option's number; an unsigned one beyond the signed range (maxmemory 18446744073709551615) reads as Long.MAX_VALUE. */
    public long getLong(String name) {
        String v = get(name);
        if (v.startsWith("-")) {
            return Long.parseLong(v);
        }
        long unsigned = Long.parseUnsignedLong(v);
        return unsigned < 0 ? Long.MAX_VALUE : unsigned;
    }

    public int getInt(String name) {
        return Integer.parseInt(get(name));
    }

    public boolean getBool(String name) {
        return "yes".equals(get(name));
    }

    /** Validates and stores a value, then tells listeners; the exception message is Redis's reason text. */
    public void set(String name, String value) throws ConfigException {
        ConfigOption o = option(name);
        if (o == null) {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
        String canonical = validate(o, value);
        values.put(o.name(), canonical);
        notifyChanged(o.name(), canonical);
    }

    /** The canonical form of value for option o, without storing it. */
    public String validate(ConfigOption o, String value) throws ConfigException {
        return o.type().normalise(values.get(o.name()), value);
    }

    /** A change with an effect that may be refused; the exception message is Redis's reason text. */
    @FunctionalInterface
    public interface Applier {
        void apply(String canonical) throws ConfigException;
    }

    /** CONFIG SET failed while applying; names the option as Redis's error does. */
    public static final class ApplyFailure extends Exception {
        private final String option;

        ApplyFailure(String option, String reason) {
            super(reason);
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    public void onApply(String name, Applier applier) {
        appliers.put(name, applier);
    }

    /** Like {@link #onApply}, but applied on every CONFIG SET of the option, changed or not. */
    public void onApplyAlways(String name, Applier applier) {
        onApply(name, applier);
        volatileOptions.add(name);
    }

    /** During CONFIG SET: the value being set for name, else the stored one. */
    public String proposed(String name) {
        if (proposed != null) {
            ConfigOption o = option(name);
            String value = o == null ? null : proposed.get(o.name());
            if (value != null) {
                return value;
            }
        }
        return get(name);
    }

    /**
     * Stores already validated values together, then tells listeners (CONFIG SET of several options).
     * Options with an {@link Applier} whose value changes are applied first; when one refuses, those already
     * applied are applied again with their old values and nothing is stored. An applier shared by several of
     * the options (it reads them all through {@link #proposed}) runs once, as Redis calls each apply function once.
     */
    public void storeAll(Map<ConfigOption, String> canonicalValues) throws ApplyFailure {
        List<ConfigOption> applied = new ArrayList<>();
        java.util.Set<Applier> ran = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        proposed = new java.util.HashMap<>();
        for (Map.Entry<ConfigOption, String> e : canonicalValues.entrySet()) {
            proposed.put(e.getKey().name(), e.getValue());
        }
        for (Map.Entry<ConfigOption, String> e : canonicalValues.entrySet()) {
            String name = e.getKey().name();
            Applier applier = appliers.get(name);
            if (applier == null || (e.getValue().equals(values.get(name)) && !volatileOptions.contains(name))
                    || !ran.add(applier)) {
                continue;
            }
            try {
                applier.apply(e.getValue());
                applied.add(e.getKey());
            } catch (ConfigException ex) {
                proposed = null;
                for (ConfigOption undo : applied) {
                    try {
                        appliers.get(undo.name()).apply(values.get(undo.name()));
                    } catch (ConfigException ignored) {
                        // The old value was in effect a moment ago; if it cannot be restored there is nothing better.
                    }
                }
                throw new ApplyFailure(name, ex.getMessage());
            }
        }
        proposed = null;
        for (Map.Entry<ConfigOption, String> e : canonicalValues.entrySet()) {
            values.put(e.getKey().name(), e.getValue());
        }
        for (Map.Entry<ConfigOption, String> e : canonicalValues.entrySet()) {
            notifyChanged(e.getKey().name(), e.getValue());
        }
    }

    private void notifyChanged(String name, String canonical) {
        for (BiConsumer<String, String> l : listeners) {
            l.accept(name, canonical);
        }
    }

    public void onChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    private final List<CommandRename> commandRenames = new ArrayList<>();

    /** The rename-command lines of the config file, in order. */
    public List<CommandRename> commandRenames() {
        return commandRenames;
    }

    /** The `user` lines of the config file, each as [name, rules...], applied by the ACL at startup. */
    private final List<List<String>> userLines = new ArrayList<>();
    /** Describes the current users as "user ..." lines for CONFIG REWRITE. */
    private java.util.function.Supplier<List<String>> currentUserLines = List::of;

    public List<List<String>> userLines() {
        return userLines;
    }

    public void setCurrentUserLines(java.util.function.Supplier<List<String>> source) {
        this.currentUserLines = source;
    }

    public List<String> currentUserLines() {
        return currentUserLines.get();
    }

    public String configFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }
}
