package dev.keyslot.datanode.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeySlotTest {
    private static int slot(String key) {
        return KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesRedisClusterKeyslot() {
        // Values as redis-server 7.0 answers CLUSTER KEYSLOT.
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        assertThat(slot("")).isEqualTo(0);
        assertThat(KeySlot.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0x31c3);
    }

    @Test
    void hashTagsSelectTheSlot() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("user1000"));
        assertThat(slot("foo{}{bar}")).isEqualTo(slot("foo{}{bar}"));
        assertThat(slot("foo{}{bar}")).isNotEqualTo(slot("bar"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
    }
}
