package dev.keyslot.datanode.command.tracking;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.tracking.ClientTracking;
import dev.keyslot.datanode.tracking.Tracking;
import dev.keyslot.datanode.util.ByteKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO, added to the CLIENT container (created here when
 * no other group has registered it yet, so this group must come after the connection commands).
 */
public final class TrackingCommands implements CommandGroup {
    private final Server server;
    private final Tracking tracking;

    public TrackingCommands(Server server) {
        this.server = server;
        this.tracking = server.tracking();
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec client = t.get("client");
        if (client == null) {
            client = t.container("client", "");
        }
        client.sub("tracking", -3, "noscript loading stale", "connection", this::tracking);
        client.sub("caching", 3, "noscript loading stale", "connection", this::caching);
        client.sub("getredir", 2, "noscript loading stale", "connection", this::getredir);
        client.sub("trackinginfo", 2, "noscript loading stale", "connection", this::trackinginfo);
    }

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]. */
    private void tracking(Client c, byte[][] argv) {
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (Args.is(argv[j], "redirect") && more) {
                j++;
                if (redirect != 0) {
                    throw new CommandError("ERR A client can only redirect to a single other client");
                }
                redirect = Args.toLong(argv[j]);
                if (server.clients().byId(redirect) == null) {
                    throw new CommandError("ERR The client ID you want redirect to does not exist");
                }
            } else if (Args.is(argv[j], "bcast")) {
                bcast = true;
            } else if (Args.is(argv[j], "optin")) {
                optin = true;
            } else if (Args.is(argv[j], "optout")) {
                optout = true;
            } else if (Args.is(argv[j], "noloop")) {
                noloop = true;
            } else if (Args.is(argv[j], "prefix") && more) {
                j++;
                prefixes.add(argv[j]);
            } else {
                throw Errors.syntax();
            }
        }
        ClientTracking t = c.tracking();
        if (Args.is(argv[2], "on")) {
            if (!bcast && !prefixes.isEmpty()) {
                throw new CommandError("ERR PREFIX option requires BCAST mode to be enabled");
            }
            if (t.enabled() && t.bcast() != bcast) {
                throw new CommandError("ERR You can't switch BCAST mode on/off before disabling tracking for "
                        + "this client, and then re-enabling it with a different mode.");
            }
            if (bcast && (optin || optout)) {
                throw new CommandError("ERR OPTIN and OPTOUT are not compatible with BCAST");
            }
            if (optin && optout) {
                throw new CommandError("ERR You can't specify both OPTIN mode and OPTOUT mode");
            }
            if ((optin && t.optout()) || (optout && t.optin())) {
                throw new CommandError("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for "
                        + "this client, and then re-enabling it with a different mode.");
            }
            if (bcast) {
                checkPrefixOverlaps(c, prefixes);
            }
            tracking.enable(c, redirect, bcast, optin, optout, noloop, prefixes);
        } else if (Args.is(argv[2], "off")) {
            tracking.disable(c);
        } else {
            throw Errors.syntax();
        }
        c.reply().ok();
    }

    /**
     * Prefixes of one client must not be prefixes of each other. Redis reports an overlap between two new
     * prefixes as a failure only for the first one; for later ones it replies the error and then goes on
     * to enable tracking and reply +OK as well. That double reply is reproduced.
     */
    private void checkPrefixOverlaps(Client c, List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            for (ByteKey existing : c.tracking().prefixes()) {
                if (overlap(existing.bytes(), p)) {
                    throw new CommandError("ERR Prefix '" + Args.str(p) + "' overlaps with an existing prefix '"
                            + existing + "'. Prefixes for a single client must not overlap.");
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    String error = "ERR Prefix '" + Args.str(p) + "' overlaps with another provided prefix '"
                            + Args.str(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.";
                    if (i == 0) {
                        throw new CommandError(error);
                    }
                    c.reply().error(error);
                    server.stats().countError(error);
                    return;
                }
            }
        }
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    private void caching(Client c, byte[][] argv) {
        ClientTracking t = c.tracking();
        if (!t.enabled()) {
            throw new CommandError("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        if (Args.is(argv[2], "yes")) {
            if (!t.optin()) {
                throw new CommandError("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            }
        } else if (Args.is(argv[2], "no")) {
            if (!t.optout()) {
                throw new CommandError("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            }
        } else {
            throw Errors.syntax();
        }
        tracking.setCaching(c);
        c.reply().ok();
    }

    private void getredir(Client c, byte[][] argv) {
        c.reply().integer(c.tracking().enabled() ? c.tracking().redirect() : -1);
    }

    private void trackinginfo(Client c, byte[][] argv) {
        ClientTracking t = c.tracking();
        List<String> flags = new ArrayList<>();
        flags.add(t.enabled() ? "on" : "off");
        if (t.bcast()) {
            flags.add("bcast");
        }
        if (t.optin()) {
            flags.add("optin");
            if (t.caching()) {
                flags.add("caching-yes");
            }
        }
        if (t.optout()) {
            flags.add("optout");
            if (t.caching()) {
                flags.add("caching-no");
            }
        }
        if (t.noloop()) {
            flags.add("noloop");
        }
        if (t.brokenRedirect()) {
            flags.add("broken_redirect");
        }
        c.reply().mapHeader(3);
        c.reply().bulk("flags");
        c.reply().setHeader(flags.size());
        for (String f : flags) {
            c.reply().bulk(f);
        }
        c.reply().bulk("redirect");
        c.reply().integer(t.enabled() ? t.redirect() : -1);
        c.reply().bulk("prefixes");
        c.reply().arrayHeader(t.prefixes().size());
        for (ByteKey p : t.prefixes()) {
            c.reply().bulk(p.bytes());
        }
    }
}
