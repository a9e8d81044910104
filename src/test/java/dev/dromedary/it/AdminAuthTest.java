package dev.dromedary.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the admin token opens /admin and the actuator endpoints; health stays open for probes. */
class AdminAuthTest extends BridgeTestBase {

    private HttpResponse<String> getWith(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/api/providers", "/admin/api/stats/summary", "/actuator/prometheus", "/actuator/info"})
    void withoutTheTokenIs401WithAnAnthropicError(String path) throws Exception {
        for (String auth : new String[] {null, "Bearer wrong-token", "Bearer " + ADMIN_TOKEN + "x", ADMIN_TOKEN,
                "Basic dGVzdDp0ZXN0"}) {
            HttpResponse<String> r = getWith(path, auth);
            assertThat(r.statusCode()).as(path + " with " + auth).isEqualTo(401);
            assertThat(parse(r.body()).path("error").path("type").asText()).isEqualTo("authentication_error");
            assertThat(r.body()).doesNotContain(ADMIN_TOKEN);
        }
    }

    @Test
    void theTokenOpensTheAdminApi() throws Exception {
        assertThat(getWith("/admin/api/providers", "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(getWith("/admin/api/providers", "bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertThat(getWith("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theClientApiNeedsNoAdminToken() throws Exception {
        assertThat(getWith("/v1/models", null).statusCode()).isEqualTo(200);
    }
}
