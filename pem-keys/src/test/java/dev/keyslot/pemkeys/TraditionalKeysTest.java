package dev.keyslot.pemkeys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys as openssl (and cert-manager, by default) write them, "RSA PRIVATE KEY" and "EC PRIVATE KEY", read as the
 * same keys as their PKCS#8 conversions; PKCS#8 text is left to the caller.
 */
class TraditionalKeysTest {
    private static Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        dir = Files.createTempDirectory("keys");
        openssl("genrsa", "-traditional", "-out", file("rsa.key"), "2048");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file("ec.key"));
        for (String name : new String[] {"rsa", "ec"}) {
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", file(name + ".key"), "-out", file(name + ".pk8"));
        }
    }

    @AfterAll
    static void removeKeys() throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs openssl; skips the tests where it is missing, except in CI (CI=true), where that fails them. */
    private static void openssl(String... args) throws Exception {
        if (!new File("/usr/bin/openssl").canExecute()) {
            String message = "openssl not found (apt-get install -y openssl)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static String read(String name) throws IOException {
        return Files.readString(Path.of(file(name)), StandardCharsets.US_ASCII);
    }

    private static PrivateKey pkcs8(String name, String algorithm) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(read(name).replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    @Test
    void readsPkcs1RsaAndSec1EcKeysAsTheirPkcs8Forms() throws Exception {
        assertThat(read("rsa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(read("ec.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");

        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) TraditionalKeys.parse(read("rsa.key")).orElseThrow();
        RSAPrivateCrtKey rsaPkcs8 = (RSAPrivateCrtKey) pkcs8("rsa.pk8", "RSA");
        assertThat(rsa.getModulus()).isEqualTo(rsaPkcs8.getModulus());
        assertThat(rsa.getPrivateExponent()).isEqualTo(rsaPkcs8.getPrivateExponent());

        ECPrivateKey ec = (ECPrivateKey) TraditionalKeys.parse(read("ec.key")).orElseThrow();
        ECPrivateKey ecPkcs8 = (ECPrivateKey) pkcs8("ec.pk8", "EC");
        assertThat(ec.getS()).isEqualTo(ecPkcs8.getS());
        assertThat(ec.getParams().getCurve()).isEqualTo(ecPkcs8.getParams().getCurve());

        assertThat(TraditionalKeys.parse(read("ec.pk8"))).as("PKCS#8 is left to the caller").isEmpty();
    }
}
