package dev.dromedary.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.dromedary.provider.ProviderReloader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the provider admin API refuses with the default settings (private base URLs not allowed, no
 * DROMEDARY_SECRETS_KEY): base URLs that reach into the bridge's own networks, and keys it could not encrypt.
 * Nothing refused is stored.
 */
class ProviderAdminSafetyTest extends BridgeTestBase {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProviderReloader reloader;

    /** This context is shared with other tests: whatever a failing test stored must not outlive it. */
    @AfterEach
    void forgetStoredProviders() throws Exception {
        if (jdbc.update("DELETE FROM provider_override") > 0) {
            reloader.applyNow();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/v1 | a link-local or cloud metadata address",
            "http://[fd00:ec2::254]/v1        | a link-local or cloud metadata address",
            "http://127.0.0.1:8080/v1         | a loopback address (allowed only with dromedary.providers.allow-private-base-urls)",
            "http://localhost:11434/v1        | a loopback address",
            "http://[::ffff:10.1.2.3]/v1      | a private address",
            "http://192.168.0.10/v1           | a private address",
            "http://0.0.0.0/v1                | an unspecified address",
            "file:///etc/passwd               | must start with http:// or https://",
            "http://user:pw@93.184.216.34/v1  | must not carry user info"})
    void baseUrlsIntoTheBridgesOwnNetworksAreRefused(String baseUrl, String reason) throws Exception {
        HttpResponse<String> r = put("ssrf", """
                {"base_url":"%s","models":{"big":["m"]}}""".formatted(baseUrl));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(parse(r.body()).path("type").asText()).isEqualTo("error");
        assertThat(parse(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(parse(r.body()).path("error").path("message").asText()).contains(reason);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM provider_override", Integer.class)).isZero();
        assertThat(get("/admin/api/providers").body()).doesNotContain("\"ssrf\"");
    }

    @Test
    void aLiteralKeyIsNotStoredWithoutAnEncryptionKey() throws Exception {
        HttpResponse<String> r = put("plain", """
                {"api_key":"sk-would-be-plain","base_url":"http://93.184.216.34/v1","models":{"big":["m"]}}""");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(parse(r.body()).path("error").path("message").asText()).contains("DROMEDARY_SECRETS_KEY");
        assertThat(r.body()).doesNotContain("sk-would-be-plain");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM provider_override", Integer.class)).isZero();
    }

    @Test
    void changingProvidersNeedsTheAdminToken() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/admin/api/providers/fake")))
                .timeout(Duration.ofSeconds(10)).header("x-api-key", "sk-anything")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(get("/admin/api/providers").body()).contains("\"fake\"");
    }

    private HttpResponse<String> put(String name, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/admin/api/providers/" + name)))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
