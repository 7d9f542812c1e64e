package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandObserver;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.util.Repr;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The clients in MONITOR mode and what they are sent: a line per executed command, as Redis's
 * replicationFeedMonitors writes it ({@code +<unix seconds>.<micros> [<db> <addr>] "arg" ...}). Commands
 * are shown once executed, with their redacted arguments hidden; administrative ones never, and scripts
 * (skip_monitor) show themselves before their own commands, which appear as run by "lua".
 */
public final class Monitors implements CommandObserver {
    private static final String REDACTED = "\"(redacted)\"";

    private final Server server;
    private final BooleanSupplier loading;
    private final List<Client> monitors = new ArrayList<>();

    Monitors(Server server, BooleanSupplier loading) {
        this.server = server;
        this.loading = loading;
    }

    /** MONITOR: c sees every command from now on, until it disconnects or sends RESET. */
    public void add(Client c) {
        c.setMonitoring(true);
        monitors.add(c);
    }

    void remove(Client c) {
        if (c.isMonitoring()) {
            c.setMonitoring(false);
            monitors.remove(c);
        }
    }

    @Override
    public void executed(Client client, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        if (!monitors.isEmpty() && !spec.has(CommandFlag.ADMIN) && !spec.has(CommandFlag.SKIP_MONITOR)) {
            feed(client, argv);
        }
    }

    /** Shows a command to the monitors now (scripts call this before they run; see the class comment). */
    public void feed(Client client, byte[][] argv) {
        if (monitors.isEmpty() || loading.getAsBoolean()) {
            return;
        }
        Instant now = Instant.now();
        StringBuilder line = new StringBuilder(64).append('+').append(now.getEpochSecond()).append('.');
        String micros = Integer.toString(now.getNano() / 1000);
        line.append("000000", micros.length(), 6).append(micros).append(" [").append(client.db().id()).append(' ')
                .append(client.runsScripts() ? "lua" : client.remoteAddress()).append("] ");
        for (int i = 0; i < argv.length; i++) {
            if (i > 0) {
                line.append(' ');
            }
            if (client.argumentRedacted(i)) {
                line.append(REDACTED);
            } else {
                Repr.append(line, argv[i]);
            }
        }
        byte[] bytes = line.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        for (Client monitor : monitors) {
            // A monitor that sent QUIT gets nothing after its +OK, as Redis adds no reply to a closing client.
            if (!monitor.closingAfterReply()) {
                monitor.reply().raw(bytes);
                server.pendingWrites().add(monitor);
            }
        }
    }
}
