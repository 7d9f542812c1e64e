package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.protocol.Reply;

/** DEBUG PROTOCOL: a fixed sample of each reply type, for client library tests. */
final class DebugProtocol {
    private DebugProtocol() {
    }

    static void reply(Reply r, String type) {
        switch (type) {
            case "string" -> r.bulk(Args.bytes("Hello World"));
            case "integer" -> r.integer(12345);
            case "double" -> {
                if (r.resp3()) {
                    r.raw(Args.bytes(",3.141\r\n"));
                } else {
                    r.bulk(Args.bytes("3.141"));
                }
            }
            case "bignum" -> {
                String big = "1234567999999999999999999999999999999";
                if (r.resp3()) {
                    r.raw(Args.bytes("(" + big + "\r\n"));
                } else {
                    r.bulk(Args.bytes(big));
                }
            }
            case "null" -> r.nullBulk();
            case "array" -> numbers(r, false);
            case "set" -> numbers(r, true);
            case "map" -> {
                r.mapHeader(3);
                for (int j = 0; j < 3; j++) {
                    r.integer(j);
                    r.bool(j == 1);
                }
            }
            case "attrib" -> {
                if (r.resp3()) {
                    r.raw(Args.bytes("|1\r\n"));
                    r.bulk(Args.bytes("key-popularity"));
                    r.arrayHeader(2);
                    r.bulk(Args.bytes("key:123"));
                    r.integer(90);
                }
                r.bulk(Args.bytes("Some real reply following the attribute"));
            }
            case "push" -> {
                if (!r.resp3()) {
                    throw new CommandError("ERR RESP2 is not supported by this command");
                }
                r.pushHeader(2);
                r.bulk(Args.bytes("server-cpu-usage"));
                r.integer(42);
                r.bulk(Args.bytes("Some real reply following the push reply"));
            }
            case "verbatim" -> r.verbatim("This is a verbatim\nstring");
            case "true" -> r.bool(true);
            case "false" -> r.bool(false);
            default -> throw new CommandError("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    private static void numbers(Reply r, boolean set) {
        if (set) {
            r.setHeader(3);
        } else {
            r.arrayHeader(3);
        }
        for (int j = 0; j < 3; j++) {
            r.integer(j);
        }
    }
}
