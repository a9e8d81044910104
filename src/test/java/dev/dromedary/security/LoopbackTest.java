package dev.dromedary.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which client addresses count as local before any client key exists. */
class LoopbackTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "127.1.2.3,true", "::1,true", "0:0:0:0:0:0:0:1,true", "[::1],true",
            "::ffff:127.0.0.1,true", "10.0.0.1,false", "192.168.1.2,false", "::ffff:10.0.0.1,false",
            "2001:db8::1,false", "unknown,false"})
    void loopback(String address, boolean expected) {
        assertThat(AuthenticateClient.loopback(address)).isEqualTo(expected);
    }
}
