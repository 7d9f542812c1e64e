package dev.keyslot.datanode.tracking;

import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.Pushes;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.ClientRegistry;

import java.nio.charset.StandardCharsets;

/**
 * Delivers invalidation messages as Redis's sendTrackingMessage does: a RESP3 "invalidate" push, or for a
 * redirection to a RESP2 connection in pub/sub mode a message on __redis__:invalidate; nothing to a RESP2
 * connection otherwise. A vanished redirection target marks the redirect broken (and tells RESP3 clients).
 */
final class InvalidationSender {
    private static final byte[] INVALIDATE = ascii("invalidate");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] CHANNEL = ascii("__redis__:invalidate");
    private static final byte[] REDIRECT_BROKEN = ascii("tracking-redir-broken");

    private final ClientRegistry clients;
    private final Pushes pushes;

    InvalidationSender(ClientRegistry clients, Pushes pushes) {
        this.clients = clients;
        this.pushes = pushes;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Invalidates one key: the message carries a one-element array. */
    void key(Client c, byte[] key) {
        send(c, key, false);
    }

    /** Sends an already encoded RESP value (a null for flushes, an array of keys for BCAST). */
    void encoded(Client c, byte[] payload) {
        send(c, payload, true);
    }

    private void send(Client c, byte[] keyOrPayload, boolean encoded) {
        ClientTracking t = c.tracking();
        Client target = c;
        boolean redirected = false;
        if (t.redirect != 0) {
            Client redirect = clients.byId(t.redirect);
            if (redirect == null) {
                t.brokenRedirect = true;
                if (c.reply().resp3()) {
                    boolean muted = pushes.begin(c);
                    c.reply().pushHeader(2);
                    c.reply().bulk(REDIRECT_BROKEN);
                    c.reply().integer(t.redirect);
                    pushes.end(c, muted);
                }
                return;
            }
            target = redirect;
            redirected = true;
        }
        Reply r = target.reply();
        boolean muted;
        if (r.resp3()) {
            muted = pushes.begin(target);
            r.pushHeader(2);
            r.bulk(INVALIDATE);
        } else if (redirected && target.subscriptions().active()) {
            muted = pushes.begin(target);
            r.pushHeader(3);
            r.bulk(MESSAGE);
            r.bulk(CHANNEL);
        } else {
            return;
        }
        if (encoded) {
            r.raw(keyOrPayload);
        } else {
            r.arrayHeader(1);
            r.bulk(keyOrPayload);
        }
        pushes.end(target, muted);
    }
}
