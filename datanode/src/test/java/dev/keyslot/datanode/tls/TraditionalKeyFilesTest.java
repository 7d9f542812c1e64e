package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys as openssl (and cert-manager, by default) write them, "RSA PRIVATE KEY" and "EC PRIVATE KEY", are usable for
 * the node's TLS contexts, as Redis accepts them (pem-keys' TraditionalKeys reads them).
 */
class TraditionalKeyFilesTest {
    private static Path dir;
    private static String openssl;

    @BeforeAll
    static void makeKeys() throws Exception {
        openssl = RedisServerProcess.requireTool("openssl");
        dir = Files.createTempDirectory("keys");
        run("genrsa", "-traditional", "-out", file("rsa.key"), "2048");
        run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file("ec.key"));
        for (String name : new String[]{"rsa", "ec"}) {
            run("req", "-x509", "-new", "-key", file(name + ".key"), "-subj", "/CN=" + name, "-days", "1", "-out", file(name + ".crt"));
        }
    }

    @AfterAll
    static void removeKeys() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void run(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = openssl;
        System.arraycopy(args, 0, command, 1, args.length);
        TestCertificates.run(command);
    }

    @Test
    void theNodesTlsContextsAcceptTraditionalKeys() throws Exception {
        for (String name : new String[]{"rsa", "ec"}) {
            Map<String, String> values = Map.of("tls-cert-file", file(name + ".crt"), "tls-key-file", file(name + ".key"),
                    "tls-ca-cert-file", file(name + ".crt"), "tls-auth-clients", "yes");
            UnaryOperator<String> config = option -> values.getOrDefault(option, "");
            assertThat(TlsSettings.serverContext(config).isServer()).as(name).isTrue();
            assertThat(TlsSettings.clientContext(config).isClient()).as(name).isTrue();
        }
    }
}
