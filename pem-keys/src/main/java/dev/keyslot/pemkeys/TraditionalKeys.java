package dev.keyslot.pemkeys;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unencrypted private keys in OpenSSL's traditional PEM forms, "RSA PRIVATE KEY" (PKCS#1) and "EC PRIVATE KEY"
 * (SEC1), which Redis loads and cert-manager writes by default, while Netty reads only PKCS#8: they are wrapped
 * into a PKCS#8 PrivateKeyInfo. Any other text (PKCS#8, encrypted keys) is left to the caller.
 */
public final class TraditionalKeys {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA|EC) PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1 PRIVATE KEY-----");
    /** The object identifiers rsaEncryption (1.2.840.113549.1.1.1) and id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] RSA_ALGORITHM = der(0x06, HexFormat.of().parseHex("2a864886f70d010101"));
    private static final byte[] EC_ALGORITHM = der(0x06, HexFormat.of().parseHex("2a8648ce3d0201"));
    private static final byte[] NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private TraditionalKeys() {
    }

    /** The key of the PEM text when it is a traditional unencrypted RSA or EC key, else empty. */
    public static Optional<PrivateKey> parse(String text) throws GeneralSecurityException {
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            return Optional.empty();
        }
        byte[] traditional = Base64.getMimeDecoder().decode(pem.group(2));
        boolean rsa = pem.group(1).equals("RSA");
        byte[] algorithm = rsa ? der(0x30, concat(RSA_ALGORITHM, NULL)) : der(0x30, concat(EC_ALGORITHM, curve(traditional)));
        byte[] info = der(0x30, concat(VERSION_0, algorithm, der(0x04, traditional)));
        return Optional.of(KeyFactory.getInstance(rsa ? "RSA" : "EC").generatePrivate(new PKCS8EncodedKeySpec(info)));
    }

    /**
     * The named curve of a SEC1 ECPrivateKey: SEQUENCE { version, privateKey OCTET STRING, [0] parameters, ... };
     * the parameters are what PKCS#8 needs in its algorithm identifier.
     */
    private static byte[] curve(byte[] sec1) throws GeneralSecurityException {
        Der sequence = new Der(sec1, 0);
        int at = sequence.contentStart;
        while (at < sequence.end) {
            Der element = new Der(sec1, at);
            if ((sec1[at] & 0xff) == 0xa0) {
                return Arrays.copyOfRange(sec1, element.contentStart, element.end);
            }
            at = element.end;
        }
        throw new GeneralSecurityException("EC PRIVATE KEY without curve parameters");
    }

    /** One DER element's bounds: its content from contentStart up to end. */
    private static final class Der {
        final int contentStart;
        final int end;

        Der(byte[] data, int at) throws GeneralSecurityException {
            if (at + 2 > data.length) {
                throw new GeneralSecurityException("truncated key");
            }
            int first = data[at + 1] & 0xff;
            int length;
            int start;
            if (first < 0x80) {
                length = first;
                start = at + 2;
            } else {
                int bytes = first & 0x7f;
                if (bytes > 3 || at + 2 + bytes > data.length) {
                    throw new GeneralSecurityException("bad key length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[at + 2 + i] & 0xff);
                }
                start = at + 2 + bytes;
            }
            if (start + length > data.length) {
                throw new GeneralSecurityException("truncated key");
            }
            this.contentStart = start;
            this.end = start + length;
        }
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
