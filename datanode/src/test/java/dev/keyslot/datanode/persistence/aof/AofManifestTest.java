package dev.keyslot.datanode.persistence.aof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofManifestTest {
    private static AofManifest parse(String s) {
        return AofManifest.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parsesAndFormatsRedisLayout() {
        String text = """
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.2.incr.aof seq 2 type h
                file appendonly.aof.3.incr.aof seq 3 type h
                file appendonly.aof.4.incr.aof seq 4 type i
                file appendonly.aof.5.incr.aof seq 5 type i
                """;
        AofManifest m = parse(text);
        assertThat(m.base().name()).isEqualTo("appendonly.aof.2.base.rdb");
        assertThat(m.history()).hasSize(3);
        assertThat(m.incrs()).extracting(AofFileInfo::name)
                .containsExactly("appendonly.aof.4.incr.aof", "appendonly.aof.5.incr.aof");
        assertThat(m.format()).isEqualTo(text);
        assertThat(m.newIncr("appendonly.aof")).isEqualTo("appendonly.aof.6.incr.aof");
        assertThat(m.newBase("appendonly.aof", false)).isEqualTo("appendonly.aof.3.base.aof");
    }

    @Test
    void rewriteMovesOldFilesToHistoryKeepingTheOpenIncr() {
        AofManifest m = parse("file a.1.base.rdb seq 1 type b\nfile a.1.incr.aof seq 1 type i\n");
        m.newIncr("a");
        m.newBase("a", true);
        m.markRewrittenIncrsAsHistory(true);
        assertThat(m.format()).isEqualTo("""
                file a.2.base.rdb seq 2 type b
                file a.1.incr.aof seq 1 type h
                file a.1.base.rdb seq 1 type h
                file a.2.incr.aof seq 2 type i
                """);
    }

    @Test
    void namesNeedingQuotesAreQuotedAndReadBack() {
        AofManifest m = new AofManifest();
        m.newIncr("my aof\t");
        assertThat(m.format()).isEqualTo("file \"my aof\\t.1.incr.aof\" seq 1 type i\n");
        assertThat(parse(m.format()).incrs().get(0).name()).isEqualTo("my aof\t.1.incr.aof");
    }

    @Test
    void commentsAndExtraKeysAreAccepted() {
        AofManifest m = parse("# comment\nfile x seq 3 type b newkey v\n");
        assertThat(m.base().seq()).isEqualTo(3);
    }

    @Test
    void refusesWhatRedisRefuses() {
        assertError("", "Found an empty AOF manifest");
        assertError("file x seq 1\n", "Invalid AOF manifest file format");
        assertError("\n", "Invalid AOF manifest file format");
        assertError("file x seq 1 type b\nfile y seq 2 type b\n", "Found duplicate base file information");
        assertError("file x seq 2 type i\nfile y seq 2 type i\n", "Found a non-monotonic sequence number");
        assertError("file x seq 1 type z\n", "Unknown AOF file type");
        assertError("file a/b seq 1 type b\n", "File can't be a path, just a filename");
        assertError("file x seq 1 type b", "The AOF manifest file contains too long line");
        assertError("file x seq 0 type b\n", "Invalid AOF manifest file format");
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(AofManifest.ManifestException.class).hasMessage(message);
    }
}
