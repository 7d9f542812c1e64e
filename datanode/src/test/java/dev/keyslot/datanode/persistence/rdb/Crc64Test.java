package dev.keyslot.datanode.persistence.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64Test {

    @Test
    void checkValueOfTheJonesPolynomial() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.of(data, 0, data.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void emptyInputIsZeroAndUpdatesChain() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.of(data, 0, 0)).isZero();
        long chained = Crc64.update(Crc64.of(data, 0, 4), data, 4, 5);
        assertThat(chained).isEqualTo(Crc64.of(data, 0, 9));
    }
}
