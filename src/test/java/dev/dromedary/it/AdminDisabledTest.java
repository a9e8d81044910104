package dev.dromedary.it;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** No admin token configured: there is no default one, the admin API is off. */
@TestPropertySource(properties = "dromedary.admin.token=")
class AdminDisabledTest extends BridgeTestBase {

    @Test
    void everyAdminPathIs403EvenWithAToken() throws Exception {
        for (String path : new String[] {"/admin/api/providers", "/actuator/prometheus"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(parse(r.body()).path("error").path("type").asText()).isEqualTo("permission_error");
            assertThat(parse(r.body()).path("error").path("message").asText()).contains("DROMEDARY_ADMIN_TOKEN");
        }
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }
}
