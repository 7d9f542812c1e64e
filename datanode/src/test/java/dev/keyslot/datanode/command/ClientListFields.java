package dev.keyslot.datanode.command;

import java.util.HashMap;
import java.util.Map;

/**
 * CLIENT LIST lines as fields by client id, and the part of a line both servers must agree on: the flags,
 * database, subscription counts, MULTI length, last command, protocol and tracking redirect (as "#i"). Address,
 * fd, name, ages and buffer sizes are each server's own.
 */
final class ClientListFields {
    private static final String[] COMPARED = {"flags", "db", "sub", "psub", "ssub", "multi", "cmd", "resp"};

    private ClientListFields() {
    }

    /** The reply of CLIENT LIST (a bulk string, one line per client): id → field → value. */
    static Map<String, Map<String, String>> parse(String reply) {
        Map<String, Map<String, String>> clients = new HashMap<>();
        String body = reply.substring(reply.indexOf("\r\n") + 2);
        for (String line : body.split("\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String field : line.strip().split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            if (fields.containsKey("id")) {
                clients.put(fields.get("id"), fields);
            }
        }
        return clients;
    }

    /** The compared fields as one line, with the redirect's client id named as idNames says. */
    static String comparable(Map<String, String> fields, Map<String, String> idNames) {
        StringBuilder line = new StringBuilder();
        for (String name : COMPARED) {
            line.append(name).append('=').append(fields.get(name)).append(' ');
        }
        String redirect = fields.get("redir");
        return line.append("redir=").append(idNames.getOrDefault(redirect, redirect)).toString();
    }
}
