package dev.keyslot.e2e.delivery;

import dev.keyslot.e2e.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images: Temurin JRE bases, non-root users, the JVM flags README's Performance section
 * chose in both the Dockerfile and the Jib configuration, and an entrypoint that starts the data node from the
 * arguments redis:7's image accepts (run here with a stand-in java that prints what it was given).
 */
class ImagesTest {
    private static final String ENTRYPOINT = "datanode/src/main/jib/usr/local/bin/docker-entrypoint.sh";

    /** The flags of README's recommended command line, without the heap sizes that a container derives. */
    static List<String> readmeDataNodeFlags() {
        String readme = Repository.read("README.md");
        Matcher command = Pattern.compile("## Performance.*?```sh\\s*\\n(java [^\\n]*)", Pattern.DOTALL).matcher(readme);
        assertThat(command.find()).as("README Performance command").isTrue();
        List<String> flags = new ArrayList<>();
        for (String word : command.group(1).split("\\s+")) {
            if (word.startsWith("-") && !word.startsWith("-Xms") && !word.startsWith("-Xmx") && !word.equals("-jar")) {
                flags.add(word);
            }
        }
        return flags;
    }

    /** The data node runs on JDK 25 for its compact object headers (README "Performance"); the operator on 17. */
    @Test
    void imagesRunOnTemurinJreAsNonRoot() {
        for (String module : List.of("datanode", "operator")) {
            String jre = module.equals("datanode") ? "eclipse-temurin:25-jre" : "eclipse-temurin:17-jre";
            String dockerfile = Repository.read(module + "/Dockerfile");
            assertThat(dockerfile).as(module).containsPattern("(?m)^FROM " + jre + "$")
                    .containsPattern("(?m)^USER 10001:10001$");
            String pom = Repository.read(module + "/pom.xml");
            assertThat(pom).as(module).contains("<image>" + jre + "</image>", "<user>10001:10001</user>",
                    "<artifactId>jib-maven-plugin</artifactId>");
            assertThat(pom).as("jib is bound to no phase").doesNotContainPattern("jib-maven-plugin</artifactId>\\s*<executions>");
        }
    }

    @Test
    void dataNodeImagesUseTheReadmeJvmFlags() {
        List<String> flags = readmeDataNodeFlags();
        assertThat(flags).contains("-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=disabled");
        assertThat(Repository.read("datanode/Dockerfile")).contains(flags);
        assertThat(Repository.read("datanode/pom.xml")).contains(flags);
        assertThat(Repository.read("datanode/Dockerfile")).contains("-XX:InitialRAMPercentage=60 -XX:MaxRAMPercentage=60");
        String compactHeaders = "-XX:+UseCompactObjectHeaders";
        assertThat(Repository.read("README.md")).as("README explains the JDK 25 flag the images add").contains(compactHeaders);
        for (String image : List.of("datanode/Dockerfile", "datanode/pom.xml")) {
            assertThat(Repository.read(image)).as(image).contains(compactHeaders);
        }
    }

    /** The JVM ignores, without a word, an AOT cache recorded with other flags than it runs with. */
    @Test
    void theAotCacheIsRecordedWithTheFlagsTheDataNodeRunsWith() {
        String dockerfile = Repository.read("datanode/Dockerfile");
        Matcher cacheFlags = Pattern.compile("(?m)^ARG AOT_CACHE_FLAGS=\"([^\"]+)\"$").matcher(dockerfile);
        assertThat(cacheFlags.find()).as("one argument holds the flags that shape the cache").isTrue();
        assertThat(cacheFlags.group(1)).contains("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders");
        assertThat(dockerfile)
                .containsPattern("(?m)^RUN sh /opt/keyslot/train-aot-cache\\.sh \\S+ \\S+ -Xmx\\S+ \\$AOT_CACHE_FLAGS \\\\$")
                .containsPattern("(?m)^ENV JAVA_OPTS=\"\\$\\{AOT_CACHE_FLAGS} [^\"]*-XX:AOTCache=/opt/keyslot/datanode\\.aot\"");
        String javaOpts = dockerfile.substring(dockerfile.indexOf("ENV JAVA_OPTS="));
        assertThat(javaOpts.substring(0, javaOpts.indexOf('\n')))
                .as("JAVA_OPTS sets no cache-shaping flag of its own").doesNotContain("-XX:+Use", "-Xmn");
    }

    private static String entrypoint(Path bin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", Repository.path(ENTRYPOINT).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("JAVA_OPTS", "-XX:+UseSerialGC -Dx=y");
        env.put("KEYSLOT_CLASSPATH", "/opt/keyslot/datanode.jar");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void entrypointStartsTheDataNodeFromRedisStyleArguments(@TempDir Path bin) throws IOException, InterruptedException {
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho java \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        String node = "java -XX:+UseSerialGC -Dx=y -cp /opt/keyslot/datanode.jar dev.keyslot.datanode.DataNode";

        assertThat(entrypoint(bin, "datanode")).isEqualTo(node);
        assertThat(entrypoint(bin, "/etc/keyslot/redis.conf", "--cluster-announce-ip", "10.0.0.7"))
                .as("the operator's container arguments").isEqualTo(node + " /etc/keyslot/redis.conf --cluster-announce-ip 10.0.0.7");
        assertThat(entrypoint(bin, "--port", "7000")).isEqualTo(node + " --port 7000");
        assertThat(entrypoint(bin, "redis-server", "/usr/local/etc/redis/redis.conf")).isEqualTo(node + " /usr/local/etc/redis/redis.conf");
        assertThat(entrypoint(bin, "echo", "other", "command")).isEqualTo("other command");
    }
}
