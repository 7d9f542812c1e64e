package dev.keyslot.datanode.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the commands a node sends to a peer a test plays by hand (a scripted master or MIGRATE target): one
 * multibulk request at a time, its arguments as ISO-8859-1 strings.
 */
public final class RespCommandReader {
    private RespCommandReader() {
    }

    public static List<String> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (!header.startsWith("*")) {
            throw new IOException("not a multibulk request: " + header);
        }
        List<String> args = new ArrayList<>();
        for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
            int length = Integer.parseInt(line(in).substring(1));
            args.add(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
            in.readNBytes(2);
        }
        return args;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the node closed the connection");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
