package dev.keyslot.operator.simulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DataNodeClassArchiveTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void nodeJvmsLoadTheDataNodeClassesFromTheArchiveMadeOnceForTheJar() throws Exception {
        Path jar = Path.of(ContainerLauncher.dataNodeJar());
        List<String> javaOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        List<String> options = DataNodeClassArchive.options(JAVA, javaOptions, jar);

        assertThat(options).containsExactly("-XX:SharedArchiveFile=" + jar.resolveSibling(jar.getFileName() + ".jsa"));
        long written = Files.getLastModifiedTime(jar.resolveSibling(jar.getFileName() + ".jsa")).toMillis();
        assertThat(DataNodeClassArchive.options(JAVA, javaOptions, jar)).isEqualTo(options);
        assertThat(Files.getLastModifiedTime(jar.resolveSibling(jar.getFileName() + ".jsa")).toMillis()).isEqualTo(written);

        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(options);
        command.addAll(javaOptions);
        command.addAll(List.of("-Xlog:class+load=info", "-jar", jar.toString(), "--version"));
        Process version = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("dev.keyslot.datanode.DataNode source: shared objects file (top)");
    }
}
