package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import dev.dromedary.usage.RequestRecord;
import org.apache.camel.ProducerTemplate;
import org.springframework.test.context.TestPropertySource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client keys from the admin API to every /v1 request. Its own context (and database): once a key exists, every
 * client needs one. Before the first key, loopback clients are served (this test runs from loopback): the test that
 * checks that runs first.
 */
@TestPropertySource(properties = {"dromedary.auth.max-failures-per-minute=20", "dromedary.auth.cache-ttl=1s",
        "dromedary.max-inflight-request-bytes=2000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class ClientKeysTest extends BridgeTestBase {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate camel;

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("content-type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode createKey(String json) throws Exception {
        HttpResponse<String> r = admin("POST", "/admin/api/keys", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return parse(r.body());
    }

    private HttpResponse<String> ask(String... headers) throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("hi", "stop"));
        return post("/v1/messages", request("claude-sonnet-4-5", false), headers);
    }

    /** One raw request from another loopback address (127.0.0.2): its own failure count. */
    private static String rawFrom(String localAddress, int port, String apiKey) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(localAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/models HTTP/1.1\r\nHost: x\r\nx-api-key: " + apiKey + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @Order(1)
    void keysFromCreationToRevocation(CapturedOutput log) throws Exception {
        // before any key: a loopback client is served without one
        assertThat(ask().statusCode()).isEqualTo(200);

        JsonNode created = createKey("""
                {"name":"ci","owner_email":"ops@example.com","limits":{"requests_per_minute":1000}}""");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(key).matches("sk-dmd-[0-9A-Za-z]{43}");
        assertThat(created.path("state").asText()).isEqualTo("active");
        assertThat(created.path("requests_per_minute").asInt()).isEqualTo(1000);

        // listed without the key, and the database holds only its digest
        HttpResponse<String> list = admin("GET", "/admin/api/keys", null);
        assertThat(list.body()).contains(id).contains("sk-dmd-").doesNotContain(key).doesNotContain(key.substring(11));
        assertThat(jdbc.queryForList("SELECT * FROM client_key").toString()).doesNotContain(key.substring(11));

        // from now on every /v1 request needs a key; all failures look alike
        for (String[] headers : new String[][] {{}, {"x-api-key", "sk-dmd-unknown"}, {"Authorization", "Bearer nope"}}) {
            HttpResponse<String> r = ask(headers);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(parse(r.body()).path("error").path("type").asText()).isEqualTo("authentication_error");
            assertThat(parse(r.body()).path("error").path("message").asText()).startsWith("invalid or missing API key");
        }
        assertThat(get("/v1/models").statusCode()).isEqualTo(401);

        // both header styles work, and the record names the key
        HttpResponse<String> withXApiKey = ask("x-api-key", key);
        assertThat(withXApiKey.statusCode()).isEqualTo(200);
        assertThat(ask("Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        String requestId = withXApiKey.headers().firstValue("request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM usage_request WHERE request_id = ? AND key_id = ?", Integer.class, requestId, id) == 1);
        JsonNode byKey = parse(get("/admin/api/stats/requests?key=" + id).body());
        assertThat(byKey.path("total").asInt()).isEqualTo(2);

        // the client's credential never reaches the provider: only the provider's own key does
        UPSTREAM.reset();
        ask("x-api-key", key);
        FakeUpstream.Received upstream = UPSTREAM.takeRequest();
        assertThat(upstream.headers().containsKey("x-api-key")).isFalse();
        assertThat(upstream.headers().getFirst("Authorization")).isEqualTo("Bearer sk-upstream-secret");
        assertThat(upstream.body()).doesNotContain(key);

        // revoked: refused at once
        assertThat(admin("DELETE", "/admin/api/keys/" + id, null).statusCode()).isEqualTo(200);
        assertThat(ask("x-api-key", key).statusCode()).isEqualTo(401);
        assertThat(parse(admin("GET", "/admin/api/keys", null).body()).path("keys").findValuesAsText("state"))
                .contains("revoked");
        assertThat(admin("DELETE", "/admin/api/keys/key_nobody", null).statusCode()).isEqualTo(404);

        // no secret in the log of all that: not the client's key, the provider's, nor the admin token
        assertThat(log.getAll()).contains("Client key " + id).doesNotContain(key.substring(7))
                .doesNotContain("sk-upstream-secret").doesNotContain(ADMIN_TOKEN);
    }

    @Test
    void anExpiredKeyIsRefusedLikeAnUnknownOne() throws Exception {
        JsonNode created = createKey("{\"name\":\"short-lived\",\"expires_in_days\":1}");
        String key = created.path("key").asText();
        assertThat(ask("x-api-key", key).statusCode()).isEqualTo(200);

        jdbc.update("UPDATE client_key SET expires_at = ? WHERE id = ?",
                Instant.now().minusSeconds(1).atOffset(java.time.ZoneOffset.UTC), created.path("id").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> ask("x-api-key", key).statusCode() == 401);
        assertThat(parse(ask("x-api-key", key).body()).path("error").path("message").asText())
                .startsWith("invalid or missing API key");
    }

    @Test
    void onlyAnAuthenticatedRequestCountsAgainstTheRequestBodyBudget() throws Exception {
        String key = createKey("{\"name\":\"budget\"}").path("key").asText();
        String big = request("claude-sonnet-4-5", false).replace("\"hello\"", "\"" + "x".repeat(3000) + "\"");

        HttpResponse<String> stranger = post("/v1/messages", big, "x-api-key", "sk-not-a-key");
        HttpResponse<String> client = post("/v1/messages", big, "x-api-key", key);

        assertThat(stranger.statusCode()).as("refused for its key before its body is weighed").isEqualTo(401);
        assertThat(client.statusCode()).isEqualTo(413);
        assertThat(parse(client.body()).path("error").path("message").asText())
                .contains("dromedary.max-inflight-request-bytes");
    }

    @Test
    void badKeyRequestsAreRejectedWithTheField() throws Exception {
        for (String body : new String[] {"{}", "{\"name\":\"\"}", "{\"name\":\"x\",\"expires_at\":\"tomorrow\"}",
                "{\"name\":\"x\",\"limits\":{\"requests_per_minute\":0}}", "not json",
                "{\"name\":\"x\",\"owner_email\":\"nobody\"}"}) {
            HttpResponse<String> r = admin("POST", "/admin/api/keys", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(parse(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDownWithoutAffectingOthers() throws Exception {
        createKey("{\"name\":\"slowdown\"}");
        for (int i = 0; i < 20; i++) {
            assertThat(rawFrom("127.0.0.2", port, "sk-dmd-wrong" + i)).startsWith("HTTP/1.1 401");
        }
        String blocked = rawFrom("127.0.0.2", port, "sk-dmd-wrong");
        assertThat(blocked).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after:").contains("rate_limit_error");
        // another address still gets its plain 401
        assertThat(rawFrom("127.0.0.3", port, "sk-dmd-wrong")).startsWith("HTTP/1.1 401");
    }

    @Test
    void requestsPerMinuteLimitIs429WithRetryAfter() throws Exception {
        JsonNode created = createKey("{\"name\":\"rpm\",\"limits\":{\"requests_per_minute\":2}}");
        String key = created.path("key").asText();

        assertThat(ask("x-api-key", key).statusCode()).isEqualTo(200);
        assertThat(ask("x-api-key", key).statusCode()).isEqualTo(200);
        HttpResponse<String> third = ask("x-api-key", key);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(parse(third.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(parse(third.body()).path("error").path("message").asText()).contains("requests per minute (2)");
        assertThat(Integer.parseInt(third.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 60);
        // counted in the database (H2 here), where other replicas would see the same count
        assertThat(jdbc.queryForObject("SELECT SUM(requests) FROM key_limit_window WHERE key_id = ?", Long.class,
                created.path("id").asText())).isEqualTo(3);
    }

    @Test
    void tokensPerMinuteLimitCountsWhatRequestsUsed() throws Exception {
        // each fake answer uses 12 input + 5 output tokens
        String key = createKey("{\"name\":\"tpm\",\"limits\":{\"tokens_per_minute\":30}}").path("key").asText();

        assertThat(ask("x-api-key", key).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            HttpResponse<String> r = ask("x-api-key", key);
            return r.statusCode() == 429 && r.body().contains("tokens per minute (30)");
        });
    }

    @Test
    void aRecordWrittenAgainFromTheSpoolCountsItsTokensOnce() {
        // a batch whose commit went through though the writer saw it fail is spooled and written again
        RequestRecord record = new RequestRecord("req_replayed_" + System.nanoTime(), System.currentTimeMillis(),
                "key_replayed", "claude-sonnet-4-5", "middle", "fake", "middle-model", false, 200, null, 12L, 5L,
                null, null, 40, "end_turn", false, java.util.List.of());

        camel.requestBody("direct:usage-insert", java.util.List.of(record));
        camel.requestBody("direct:usage-insert", java.util.List.of(record));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM usage_request WHERE request_id = ?", Integer.class,
                record.requestId())).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT tokens FROM key_limit_window WHERE key_id = 'key_replayed'", Long.class))
                .containsExactly(17L, 17L); // its minute and its day, once each
    }
}
