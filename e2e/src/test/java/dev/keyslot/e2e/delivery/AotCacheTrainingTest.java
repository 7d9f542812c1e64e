package dev.keyslot.e2e.delivery;

import dev.keyslot.e2e.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The data node image records a JDK 25 AOT cache at build time with datanode/src/main/aot/train.sh and runs every
 * node with it (README "Performance"). Without Docker here, the same script runs on this machine's JDK 25 and
 * the cache it writes must be one the JVM accepts for the data node: a node started with -XX:AOTMode=on (which
 * refuses to start on an unusable cache) serves commands.
 */
class AotCacheTrainingTest {
    /** The image's own: its ARG AOT_CACHE_FLAGS, with a heap for this machine. */
    private static final List<String> CACHE_FLAGS = dockerfileCacheFlags();

    @Test
    void theTrainingScriptRecordsACacheTheDataNodeStartsWith(@TempDir Path dir) throws Exception {
        Optional<Path> java = jdk25();
        if (System.getenv("CI") == null) {
            assumeThat(java).as("a JDK 25 under /usr/lib/jvm").isPresent();
        }
        assertThat(java).as("a JDK 25 under /usr/lib/jvm (CI machines have Temurin 25)").isPresent();
        assertThat(Repository.read("datanode/Dockerfile")).contains("train-aot-cache.sh", "-XX:AOTCache=");
        Path jar = Repository.path("datanode/target/datanode.jar");
        Path cache = dir.resolve("datanode.aot");
        int base = freeBasePort();

        List<String> train = new ArrayList<>(List.of("sh", Repository.path("datanode/src/main/aot/train.sh").toString(),
                jar.toString(), cache.toString()));
        train.addAll(CACHE_FLAGS);
        ProcessBuilder training = new ProcessBuilder(train).redirectErrorStream(true)
                .redirectOutput(dir.resolve("training.log").toFile());
        training.environment().put("JAVA", java.get().toString());
        training.environment().put("TRAIN_BASE_PORT", Integer.toString(base));
        Process trainer = training.start();
        boolean finished = trainer.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            trainer.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("training.log"));
        assertThat(finished).as("training finished: %s", log).isTrue();
        assertThat(trainer.exitValue()).as("training log: %s", log).isZero();
        assertThat(log).contains("[OK] All 16384 slots covered.", "AOTCache creation is complete");
        assertThat(Files.size(cache)).isGreaterThan(1_000_000);

        List<String> node = new ArrayList<>(List.of(java.get().toString()));
        node.addAll(CACHE_FLAGS);
        node.addAll(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-jar", jar.toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(base), "--save", "", "--dir", dir.toString()));
        Process server = new ProcessBuilder(node).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        try {
            assertThat(pingWithin(base, 60)).as("node log: %s", Files.readString(dir.resolve("node.log"))).isEqualTo("PONG");
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Optional<Path> jdk25() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isRegularFile(home.resolve("release")))
                    .filter(home -> release(home).contains("JAVA_VERSION=\"25"))
                    .map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        }
    }

    private static String release(Path home) {
        try {
            return Files.readString(home.resolve("release"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A port with the next four free, and their bus ports 10000 above, for the training cluster. Picked below
     * Linux's ephemeral range (32768 and up), bus ports included, so no outgoing connection can take one of them
     * before the training nodes bind it.
     */
    private static int freeBasePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(11_000, 22_000 - 5);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free ports for the training cluster");
    }

    private static boolean allFree(int base) {
        for (int i = 0; i < 5; i++) {
            for (int port : new int[] {base + i, base + 10_000 + i}) {
                try (ServerSocket s = new ServerSocket(port)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String pingWithin(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String reply = "";
        while (System.nanoTime() < deadline) {
            try {
                Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping")
                        .redirectErrorStream(true).start();
                reply = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                cli.waitFor(5, TimeUnit.SECONDS);
                if (reply.equals("PONG")) {
                    return reply;
                }
            } catch (IOException e) {
                reply = e.getMessage();
            }
            Thread.sleep(200);
        }
        return reply;
    }

    private static List<String> dockerfileCacheFlags() {
        Matcher arg = Pattern.compile("(?m)^ARG AOT_CACHE_FLAGS=\"([^\"]+)\"$")
                .matcher(Repository.read("datanode/Dockerfile"));
        assertThat(arg.find()).as("datanode/Dockerfile declares AOT_CACHE_FLAGS").isTrue();
        List<String> flags = new ArrayList<>(List.of("-Xmx1g"));
        flags.addAll(List.of(arg.group(1).split(" ")));
        return flags;
    }
}
