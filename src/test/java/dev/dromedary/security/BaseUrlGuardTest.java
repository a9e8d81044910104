package dev.dromedary.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class BaseUrlGuardTest {

    private static final BaseUrlGuard STRICT = new BaseUrlGuard(false, BaseUrlGuardTest::resolve);
    private static final BaseUrlGuard PRIVATE_ALLOWED = new BaseUrlGuard(true, BaseUrlGuardTest::resolve);

    /** Literal addresses as themselves; two made-up names as a DNS would answer them; anything else: no answer. */
    private static InetAddress[] resolve(String host) {
        try {
            return switch (host) {
                case "metadata.google.internal" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
                case "rebind.example" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
                        InetAddress.getByName("10.1.2.3")};
                case "api.example" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
                default -> host.matches("[0-9.]+|.*:.*") ? new InetAddress[] {InetAddress.getByName(host)}
                        : new InetAddress[0];
            };
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data", "http://metadata.google.internal/v1",
            "http://[fd00:ec2::254]/", "http://[fe80::1]/v1", "http://0.0.0.0:8080/v1", "http://[::]/v1",
            "http://224.0.0.1/v1", "http://255.255.255.255/v1", "http://[::ffff:169.254.169.254]/v1"})
    void linkLocalMetadataUnspecifiedAndMulticastAreAlwaysRefused(String url) {
        assertThat(STRICT.refusal(url)).isNotNull();
        assertThat(PRIVATE_ALLOWED.refusal(url)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:11434/v1", "http://[::1]/v1", "http://10.0.0.5/v1",
            "http://172.16.3.4/v1", "http://192.168.1.10/v1", "http://100.64.0.1/v1", "http://[fc00::1]/v1",
            "http://[::ffff:10.0.0.1]/v1", "http://[::127.0.0.1]/v1", "https://rebind.example/v1"})
    void loopbackAndPrivateAddressesNeedTheSetting(String url) {
        assertThat(STRICT.refusal(url)).contains("allow-private-base-urls");
        assertThat(PRIVATE_ALLOWED.refusal(url)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.example/v1", "file:///etc/passwd", "http://user:pw@api.example/v1",
            "https://unknown.invalid/v1", "not a url", "http:///v1"})
    void otherSchemesUserInfoAndUnresolvableHostsAreRefused(String url) {
        assertThat(STRICT.refusal(url)).isNotNull();
        assertThat(PRIVATE_ALLOWED.refusal(url)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example/v1", "http://93.184.216.34:8000/v1", "https://[2606:2800:220:1::]/v1"})
    void publicAddressesPass(String url) {
        assertThat(STRICT.refusal(url)).isNull();
    }
}
