package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The statistics API against known rows, figure by figure, and against requests sent through the bridge. Run on
 * H2 ({@link StatsApiTest}) and on PostgreSQL ({@link StatsPostgresTest}), so that every query is proven on both.
 * <p>
 * The known rows lie in February 2020, out of the way of the records real requests leave meanwhile; two more lie
 * 1 and 40 days back (provider {@code recent}) for the default range.
 */
@TestPropertySource(properties = {
        "dromedary.prices[vendor/model-a.1].input=2",
        "dromedary.prices[vendor/model-a.1].output=10",
        "dromedary.prices[vendor/model-a.1].cache-read=0.5",
        "dromedary.prices[model-b].input=1",
        "dromedary.prices[model-b].output=4",
        "dromedary.prices[middle-model].input=10",
        "dromedary.prices[middle-model].output=20",
        "dromedary.prices[middle-model].cache-read=1"
})
abstract class StatsApiChecks extends BridgeTestBase {

    /** The known rows' range: 10 to 12 February 2020 (s00 lies just before, s09 on the exclusive end). */
    static final String RANGE = "from=2020-02-10&to=2020-02-13";

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void knownRows() {
        // once per database: the test methods share their application context
        if (jdbc.queryForObject("SELECT COUNT(*) FROM usage_request WHERE request_id = 'stats-s01'",
                Integer.class) > 0) {
            return;
        }
        String a = "vendor/model-a.1";
        String sonnet = "claude-sonnet-4-5";
        String haiku = "claude-haiku-4-5";
        //  id, started at, key, requested model, provider, upstream model, streaming, status, error type,
        //  input, output and cache-read tokens, ttft, duration
        insert("s00", "2020-02-09T23:59:59Z", "k1", sonnet, "alpha", a, false, 200, null, 1L, 1L, 0L, null, 50);
        insert("s01", "2020-02-10T08:00:00Z", "k1", sonnet, "alpha", a, true, 200, null, 1000L, 200L, 500L, 100L, 1000);
        insert("s02", "2020-02-10T09:00:00Z", "k1", sonnet, "alpha", a, false, 200, null, 3000L, 400L, 0L, null, 2000);
        insert("s03", "2020-02-10T10:00:00Z", "k2", sonnet, "alpha", a, false, 429, "rate_limit_error", null, null,
                null, null, 300);
        insert("s04", "2020-02-11T08:00:00Z", "k2", haiku, "beta", "model-b", true, 200, null, 100L, 50L, 1000L, 200L,
                3000);
        // answered 200, then an error event mid-stream: an error all the same
        insert("s05", "2020-02-11T23:59:59Z", "k1", haiku, "beta", "model-b", true, 200, "overloaded_error", 10L, 5L,
                null, 300L, 4000);
        insert("s06", "2020-02-12T00:00:00Z", null, haiku, "beta", "model-free", false, 200, null, 7L, 3L, null, null,
                500);
        // rejected before any provider was tried
        insert("s07", "2020-02-12T01:00:00Z", null, "bogus", null, null, false, 400, "invalid_request_error", null,
                null, null, null, 5);
        insert("s08", "2020-02-12T02:00:00Z", "k2", sonnet, "alpha", a, false, 503, "api_error", null, null, null,
                null, 6000);
        insert("s09", "2020-02-13T00:00:00Z", "k1", sonnet, "alpha", a, false, 200, null, 1L, 1L, 0L, null, 50);
        // where floating point and decimals part: PostgreSQL computes this p95 as 12.549999999999999, H2 as 12.55
        for (int i = 0; i < 4; i++) {
            insert("round-" + i, "2020-03-01T0" + i + ":00:00Z", null, sonnet, "round", a, false, 200, null, 1L, 1L,
                    0L, null, List.of(5, 6, 10, 13).get(i));
        }
        Instant now = Instant.now();
        insert("recent-1", now.minus(1, ChronoUnit.DAYS).toString(), null, sonnet, "recent", "model-b", false, 200,
                null, 1L, 1L, 0L, null, 10);
        insert("recent-40", now.minus(40, ChronoUnit.DAYS).toString(), null, sonnet, "recent", "model-b", false, 200,
                null, 1L, 1L, 0L, null, 10);
        jdbc.update("UPDATE usage_request SET attempt_count = 2, attempts = ? WHERE request_id = 'stats-s08'", """
                [{"provider":"alpha","model":"vendor/model-a.1","status":503,"error":"api_error: unavailable",\
                "duration_millis":2500},{"provider":"beta","model":"model-b","status":503,\
                "error":"api_error: unavailable","duration_millis":3500}]""");
    }

    private void insert(String id, String startedAt, String key, String requested, String provider, String upstream,
                        boolean streaming, int status, String errorType, Long input, Long output, Long cacheRead,
                        Long ttft, long duration) {
        OffsetDateTime started = Instant.parse(startedAt).atOffset(ZoneOffset.UTC);
        String attempts = provider == null ? null : """
                [{"provider":"%s","model":"%s","status":0,"error":null,"duration_millis":%d}]"""
                .formatted(provider, upstream, duration);
        jdbc.update("""
                        INSERT INTO usage_request (request_id, started_at, usage_day, key_id, requested_model, tier,
                            provider, upstream_model, streaming, status, error_type, input_tokens, output_tokens,
                            cache_read_tokens, ttft_ms, duration_ms, stop_reason, client_disconnected, attempt_count,
                            attempts)
                        VALUES (?, ?, ?, ?, ?, 'middle', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)""",
                "stats-" + id, started, started.toLocalDate(), key, requested, provider, upstream, streaming, status,
                errorType, input, output, cacheRead, ttft, duration, status == 200 ? "end_turn" : null,
                provider == null ? 0 : 1, attempts);
    }

    // ---- requests ----

    @Test
    void requestsAreListedNewestFirstWithEveryColumnAndTheAttemptsAsJson() throws Exception {
        JsonNode page = ok("/admin/api/stats/requests?" + RANGE);

        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(50);
        assertThat(page.path("total").asLong()).isEqualTo(8);
        assertThat(ids(page)).containsExactly("s08", "s07", "s06", "s05", "s04", "s03", "s02", "s01");

        JsonNode s08 = page.path("items").get(0);
        assertThat(s08.path("request_id").asText()).isEqualTo("stats-s08");
        assertThat(s08.path("started_at").asText()).isEqualTo("2020-02-12T02:00:00Z");
        assertThat(s08.path("key_id").asText()).isEqualTo("k2");
        assertThat(s08.path("requested_model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(s08.path("tier").asText()).isEqualTo("middle");
        assertThat(s08.path("provider").asText()).isEqualTo("alpha");
        assertThat(s08.path("upstream_model").asText()).isEqualTo("vendor/model-a.1");
        assertThat(s08.path("streaming").asBoolean()).isFalse();
        assertThat(s08.path("status").asInt()).isEqualTo(503);
        assertThat(s08.path("error_type").asText()).isEqualTo("api_error");
        assertThat(s08.path("input_tokens").isNull()).isTrue();
        assertThat(s08.path("output_tokens").isNull()).isTrue();
        assertThat(s08.path("cache_read_tokens").isNull()).isTrue();
        assertThat(s08.path("ttft_ms").isNull()).isTrue();
        assertThat(s08.path("duration_ms").asLong()).isEqualTo(6000);
        assertThat(s08.path("stop_reason").isNull()).isTrue();
        assertThat(s08.path("client_disconnected").asBoolean()).isFalse();
        assertThat(s08.path("attempt_count").asInt()).isEqualTo(2);
        assertThat(s08.path("attempts").isArray()).isTrue();
        assertThat(s08.path("attempts")).hasSize(2);
        assertThat(s08.path("attempts").get(1).path("provider").asText()).isEqualTo("beta");
        assertThat(s08.path("attempts").get(1).path("status").asInt()).isEqualTo(503);
        assertThat(s08.path("attempts").get(1).path("error").asText()).isEqualTo("api_error: unavailable");
        assertThat(s08.path("attempts").get(1).path("duration_millis").asLong()).isEqualTo(3500);

        JsonNode s07 = page.path("items").get(1);
        assertThat(s07.path("provider").isNull()).isTrue();
        assertThat(s07.path("attempt_count").asInt()).isZero();
        assertThat(s07.path("attempts").isArray()).isTrue();
        assertThat(s07.path("attempts")).isEmpty();

        JsonNode s01 = page.path("items").get(7);
        assertThat(s01.path("streaming").asBoolean()).isTrue();
        assertThat(s01.path("input_tokens").asLong()).isEqualTo(1000);
        assertThat(s01.path("output_tokens").asLong()).isEqualTo(200);
        assertThat(s01.path("cache_read_tokens").asLong()).isEqualTo(500);
        assertThat(s01.path("ttft_ms").asLong()).isEqualTo(100);
        assertThat(s01.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(s01.path("attempts").get(0).path("status").asInt()).isZero();
    }

    @Test
    void requestsArePaged() throws Exception {
        JsonNode second = ok("/admin/api/stats/requests?" + RANGE + "&size=3&page=1");
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(second.path("size").asInt()).isEqualTo(3);
        assertThat(second.path("total").asLong()).isEqualTo(8);
        assertThat(ids(second)).containsExactly("s05", "s04", "s03");

        assertThat(ids(ok("/admin/api/stats/requests?" + RANGE + "&size=3&page=2"))).containsExactly("s02", "s01");

        JsonNode beyond = ok("/admin/api/stats/requests?" + RANGE + "&size=3&page=3");
        assertThat(beyond.path("total").asLong()).isEqualTo(8);
        assertThat(beyond.path("items")).isEmpty();

        assertThat(ok("/admin/api/stats/requests?" + RANGE + "&size=500").path("items")).hasSize(8);
    }

    @Test
    void requestsAreFilteredByProviderModelStatusAndKey() throws Exception {
        assertThat(requestIds("provider=alpha")).containsExactly("s08", "s03", "s02", "s01");
        assertThat(requestIds("provider=nobody")).isEmpty();
        // the model matches the upstream model as well as the requested one
        assertThat(requestIds("model=vendor/model-a.1")).containsExactly("s08", "s03", "s02", "s01");
        assertThat(requestIds("model=vendor%2Fmodel-a.1")).containsExactly("s08", "s03", "s02", "s01");
        assertThat(requestIds("model=claude-haiku-4-5")).containsExactly("s06", "s05", "s04");
        assertThat(requestIds("model=bogus")).containsExactly("s07");
        assertThat(requestIds("status=200")).containsExactly("s06", "s05", "s04", "s02", "s01");
        assertThat(requestIds("status=429")).containsExactly("s03");
        assertThat(requestIds("status=4xx")).containsExactly("s07", "s03");
        assertThat(requestIds("status=5XX")).containsExactly("s08");
        assertThat(requestIds("key=k1")).containsExactly("s05", "s02", "s01");
        assertThat(requestIds("provider=beta&status=200&key=k1")).containsExactly("s05");
    }

    @Test
    void requestsAreFilteredByInstantsWithToExclusive() throws Exception {
        assertThat(ids(ok("/admin/api/stats/requests?from=2020-02-11T23:59:59Z&to=2020-02-12T00:00:00Z")))
                .containsExactly("s05");
        // an offset's '+' needs no escaping: 02:00+01:00 is 01:00 UTC
        assertThat(ids(ok("/admin/api/stats/requests?from=2020-02-12T02:00:00+01:00&to=2020-02-12T03:00:00%2B01:00")))
                .containsExactly("s07");
        // without a range, all time: s00 and s09 too
        assertThat(ids(ok("/admin/api/stats/requests?provider=alpha&key=k1")))
                .containsExactly("s09", "s02", "s01", "s00");
    }

    @Test
    void theFromRequestHeaderDoesNotMixWithTheFromParameter() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(url("/admin/api/stats/requests?" + RANGE)))
                .header("From", "ops@example.com").header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(parse(r.body()).path("total").asLong()).isEqualTo(8);
    }

    // ---- usage ----

    @Test
    void usageAddsUpEachDayProviderAndModelWithCostsAndTotals() throws Exception {
        JsonNode usage = ok("/admin/api/stats/usage?" + RANGE);

        assertThat(usage.path("from").asText()).isEqualTo("2020-02-10T00:00:00Z");
        assertThat(usage.path("to").asText()).isEqualTo("2020-02-13T00:00:00Z");
        assertThat(rows(usage.path("rows"))).containsExactly(
                // day, provider, model, requests, errors, input, output, cache read, cost
                "2020-02-10 alpha vendor/model-a.1 3 1 4000 600 500 0.01425",
                // s05 at 23:59:59 UTC still counts for the 11th
                "2020-02-11 beta model-b 2 1 110 55 1000 0.00133",
                "2020-02-12 alpha vendor/model-a.1 1 1 0 0 0 0",
                // no price: no cost, rather than a cost of 0
                "2020-02-12 beta model-free 1 0 7 3 0 null",
                "2020-02-12 null null 1 1 0 0 0 null");
        JsonNode totals = usage.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(8);
        assertThat(totals.path("errors").asLong()).isEqualTo(4);
        assertThat(totals.path("input_tokens").asLong()).isEqualTo(4117);
        assertThat(totals.path("output_tokens").asLong()).isEqualTo(658);
        assertThat(totals.path("cache_read_tokens").asLong()).isEqualTo(1500);
        assertThat(number(totals.path("cost_usd"))).isEqualTo("0.01558");
        assertThat(totals.path("unpriced_models")).extracting(JsonNode::asText).containsExactly("model-free");
        // to millionths of a dollar, never in E notation
        assertThat(get("/admin/api/stats/usage?" + RANGE).body()).contains("\"cost_usd\":0.014250}")
                .contains("\"cost_usd\":0.000000}").contains("\"cost_usd\":0.015580,");
    }

    @Test
    void usageIsFilteredByProviderModelStatusAndKey() throws Exception {
        assertThat(rows(ok("/admin/api/stats/usage?" + RANGE + "&provider=alpha").path("rows"))).containsExactly(
                "2020-02-10 alpha vendor/model-a.1 3 1 4000 600 500 0.01425",
                "2020-02-12 alpha vendor/model-a.1 1 1 0 0 0 0");
        assertThat(rows(ok("/admin/api/stats/usage?" + RANGE + "&model=claude-haiku-4-5").path("rows")))
                .containsExactly("2020-02-11 beta model-b 2 1 110 55 1000 0.00133",
                        "2020-02-12 beta model-free 1 0 7 3 0 null");
        assertThat(rows(ok("/admin/api/stats/usage?" + RANGE + "&status=4xx").path("rows"))).containsExactly(
                "2020-02-10 alpha vendor/model-a.1 1 1 0 0 0 0",
                "2020-02-12 null null 1 1 0 0 0 null");

        JsonNode k1 = ok("/admin/api/stats/usage?" + RANGE + "&key=k1");
        assertThat(rows(k1.path("rows"))).containsExactly(
                "2020-02-10 alpha vendor/model-a.1 2 0 4000 600 500 0.01425",
                "2020-02-11 beta model-b 1 1 10 5 0 0.00003");
        assertThat(number(k1.path("totals").path("cost_usd"))).isEqualTo("0.01428");
        assertThat(k1.path("totals").path("unpriced_models")).isEmpty();

        JsonNode none = ok("/admin/api/stats/usage?" + RANGE + "&provider=nobody");
        assertThat(none.path("rows")).isEmpty();
        assertThat(none.path("totals").path("requests").asLong()).isZero();
        assertThat(none.path("totals").path("cost_usd").isNull()).isTrue();
    }

    @Test
    void usageAndSummaryDefaultToTheLast30Days() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode usage = ok("/admin/api/stats/usage?provider=recent");
        assertThat(usage.path("from").asText()).isEqualTo(today.minusDays(29) + "T00:00:00Z");
        assertThat(usage.path("to").isNull()).isTrue();
        assertThat(usage.path("rows")).hasSize(1);
        assertThat(usage.path("rows").get(0).path("day").asText())
                .isEqualTo(LocalDate.ofInstant(Instant.now().minus(1, ChronoUnit.DAYS), ZoneOffset.UTC).toString());
        assertThat(usage.path("totals").path("requests").asLong()).isEqualTo(1);

        JsonNode summary = ok("/admin/api/stats/summary?provider=recent");
        assertThat(summary.path("from").asText()).isEqualTo(today.minusDays(29) + "T00:00:00Z");
        assertThat(summary.path("overall").path("requests").asLong()).isEqualTo(1);

        // with only an end, the 30 days before it
        String to = today.minusDays(35).toString();
        JsonNode earlier = ok("/admin/api/stats/usage?provider=recent&to=" + to);
        assertThat(earlier.path("from").asText()).isEqualTo(today.minusDays(65) + "T00:00:00Z");
        assertThat(earlier.path("totals").path("requests").asLong()).isEqualTo(1);
    }

    // ---- summary ----

    @Test
    void summaryGivesTotalsSuccessRateCostAndPercentilesOverallAndPerProvider() throws Exception {
        JsonNode summary = ok("/admin/api/stats/summary?" + RANGE);
        assertThat(summary.path("from").asText()).isEqualTo("2020-02-10T00:00:00Z");
        assertThat(summary.path("to").asText()).isEqualTo("2020-02-13T00:00:00Z");

        // durations 5 300 500 1000 2000 3000 4000 6000; time to first token 100 200 300
        assertThat(figures(summary.path("overall"))).isEqualTo(
                "8 requests, 4 ok, 4 errors, 50%, tokens 4117/658/1500, $0.01558 [model-free], "
                        + "duration 1500/5300, ttft 200/290");

        JsonNode providers = summary.path("providers");
        assertThat(providers).hasSize(3);
        assertThat(providers.get(0).path("provider").asText()).isEqualTo("alpha");
        // durations 300 1000 2000 6000; one stream
        assertThat(figures(providers.get(0))).isEqualTo(
                "4 requests, 2 ok, 2 errors, 50%, tokens 4000/600/500, $0.01425 [], "
                        + "duration 1500/5400, ttft 100/100");
        assertThat(providers.get(1).path("provider").asText()).isEqualTo("beta");
        // durations 500 3000 4000; streams 200 300
        assertThat(figures(providers.get(1))).isEqualTo(
                "3 requests, 2 ok, 1 errors, 66.67%, tokens 117/58/1000, $0.00133 [model-free], "
                        + "duration 3000/3900, ttft 250/295");
        assertThat(providers.get(2).path("provider").isNull()).isTrue();
        assertThat(figures(providers.get(2))).isEqualTo(
                "1 requests, 0 ok, 1 errors, 0%, tokens 0/0/0, $null [], duration 5/5, ttft null/null");
    }

    @Test
    void summaryIsFilteredAndEmptyRangesGiveNullsNotZeros() throws Exception {
        // answered requests only: durations 500 1000 2000 3000 4000, s05's error event still counts
        assertThat(figures(ok("/admin/api/stats/summary?" + RANGE + "&status=2xx").path("overall"))).isEqualTo(
                "5 requests, 4 ok, 1 errors, 80%, tokens 4117/658/1500, $0.01558 [model-free], "
                        + "duration 2000/3800, ttft 200/290");
        JsonNode k2 = ok("/admin/api/stats/summary?" + RANGE + "&key=k2&model=vendor/model-a.1");
        assertThat(figures(k2.path("overall"))).isEqualTo(
                "2 requests, 0 ok, 2 errors, 0%, tokens 0/0/0, $0 [], duration 3150/5715, ttft null/null");

        JsonNode empty = ok("/admin/api/stats/summary?from=2019-01-01&to=2019-01-02");
        assertThat(figures(empty.path("overall"))).isEqualTo(
                "0 requests, 0 ok, 0 errors, null%, tokens 0/0/0, $null [], duration null/null, ttft null/null");
        assertThat(empty.path("providers")).isEmpty();
    }

    @Test
    void percentilesAreRoundedAlikeOnBothDatabases() throws Exception {
        JsonNode overall = ok("/admin/api/stats/summary?from=2020-03-01&to=2020-03-02").path("overall");
        assertThat(overall.path("requests").asLong()).isEqualTo(4);
        assertThat(number(overall.path("duration_ms").path("p50"))).isEqualTo("8");
        assertThat(number(overall.path("duration_ms").path("p95"))).isEqualTo("12.6");
    }

    // ---- bad parameters ----

    @Test
    void badParametersAreAnsweredWith400NamingThem() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("requests?page=-1", "page: must be a whole number from 0 to 2147483647");
        cases.put("requests?page=one", "page: must be a whole number from 0 to 2147483647");
        cases.put("requests?size=0", "size: must be a whole number from 1 to 500");
        cases.put("requests?size=501", "size: must be a whole number from 1 to 500");
        cases.put("requests?size=2.5", "size: must be a whole number from 1 to 500");
        cases.put("requests?status=600", "status: expected a status (200) or a class of them (2xx, 4xx, 5xx)");
        cases.put("requests?status=2x", "status: expected a status (200) or a class of them (2xx, 4xx, 5xx)");
        cases.put("usage?status=ok", "status: expected a status (200) or a class of them (2xx, 4xx, 5xx)");
        cases.put("requests?from=yesterday",
                "from: expected an ISO-8601 instant (2025-01-31T12:00:00Z) or date (2025-01-31)");
        cases.put("summary?from=2020-13-01",
                "from: expected an ISO-8601 instant (2025-01-31T12:00:00Z) or date (2025-01-31)");
        // no offset: which zone was meant is unknown
        cases.put("usage?to=2020-02-10T00:00:00",
                "to: expected an ISO-8601 instant (2025-01-31T12:00:00Z) or date (2025-01-31)");
        cases.put("requests?from=2020-02-13&to=2020-02-10", "to: must be later than from");
        cases.put("summary?from=2020-02-10&to=2020-02-10", "to: must be later than from");
        cases.put("requests?foo=1", "unknown parameter 'foo'; this endpoint takes "
                + "from, key, model, page, provider, size, status, to");
        cases.put("usage?page=0", "unknown parameter 'page'; this endpoint takes "
                + "from, key, model, provider, status, to");
        cases.put("summary?size=10", "unknown parameter 'size'; this endpoint takes "
                + "from, key, model, provider, status, to");
        cases.put("requests?provider=a&provider=b", "provider: given more than once");
        cases.put("requests?provider=", "provider: must not be empty");
        cases.put("usage?key", "key: must not be empty");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get("/admin/api/stats/" + c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = parse(r.body());
            assertThat(body.path("type").asText()).as(c.getKey()).isEqualTo("error");
            assertThat(body.path("error").path("type").asText()).as(c.getKey()).isEqualTo("invalid_request_error");
            assertThat(body.path("error").path("message").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    // ---- through the bridge ----

    @Test
    void requestsThroughTheBridgeShowUpWithMatchingFigures() throws Exception {
        UPSTREAM.answerBy(UsageLoad::byKind);
        String since = Instant.now().minusSeconds(1).toString();
        Map<String, String> kindById = new LinkedHashMap<>();
        for (String kind : List.of("plain", "plain", "fail")) {
            HttpResponse<String> r = post("/v1/messages", UsageLoad.ask(kind + "-e2e", false));
            assertThat(r.statusCode()).isEqualTo(kind.equals("plain") ? 200 : 400);
            kindById.put(r.headers().firstValue("request-id").orElseThrow(), kind);
        }
        try (SseClient c = stream(UsageLoad.ask("stream-e2e", true))) {
            kindById.put(c.response().headers().firstValue("request-id").orElseThrow(), "stream");
            c.await("message_stop");
        }
        String filter = "from=" + since + "&provider=fake";

        // records are written a few hundred milliseconds after their request
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ok("/admin/api/stats/requests?" + filter).path("total").asLong() == kindById.size());
        JsonNode items = ok("/admin/api/stats/requests?" + filter).path("items");
        assertThat(ids(items)).containsExactlyInAnyOrderElementsOf(kindById.keySet());
        List<Long> durations = new ArrayList<>();
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        for (JsonNode item : items) {
            String kind = kindById.get(item.path("request_id").asText());
            assertThat(item.path("requested_model").asText()).isEqualTo("claude-sonnet-4-5");
            assertThat(item.path("upstream_model").asText()).isEqualTo("middle-model");
            assertThat(item.path("attempt_count").asInt()).isEqualTo(1);
            assertThat(item.path("attempts").get(0).path("provider").asText()).isEqualTo("fake");
            assertThat(item.path("attempts").get(0).path("model").asText()).isEqualTo("middle-model");
            assertThat(item.path("streaming").asBoolean()).isEqualTo(kind.equals("stream"));
            switch (kind) {
                case "plain" -> assertThat(tokens(item)).isEqualTo("200 12/5");
                case "stream" -> {
                    assertThat(tokens(item)).isEqualTo("200 8/2");
                    assertThat(item.path("cache_read_tokens").asLong()).isEqualTo(3);
                }
                case "fail" -> assertThat(item.path("status").asInt() + " " + item.path("error_type").asText())
                        .isEqualTo("400 invalid_request_error");
                default -> throw new AssertionError(kind);
            }
            durations.add(item.path("duration_ms").asLong());
            input += item.path("input_tokens").asLong();
            output += item.path("output_tokens").asLong();
            cacheRead += item.path("cache_read_tokens").asLong();
        }
        assertThat(input).isEqualTo(32);
        assertThat(output).isEqualTo(12);
        JsonNode stream = StreamSupport.stream(items.spliterator(), false)
                .filter(i -> i.path("streaming").asBoolean()).findFirst().orElseThrow();

        JsonNode overall = ok("/admin/api/stats/summary?" + filter).path("overall");
        String cost = BigDecimal.valueOf(input * 10 + output * 20 + cacheRead).movePointLeft(6).stripTrailingZeros()
                .toPlainString();
        String ttft = plain(stream.path("ttft_ms").asLong());
        assertThat(figures(overall)).isEqualTo("4 requests, 3 ok, 1 errors, 75%%, tokens %d/%d/%d, $%s [], "
                .formatted(input, output, cacheRead, cost) + "duration %s/%s, ttft %s/%s"
                .formatted(plain(percentile(durations, "0.5")), plain(percentile(durations, "0.95")), ttft, ttft));
        JsonNode providers = ok("/admin/api/stats/summary?" + filter).path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("provider").asText()).isEqualTo("fake");
        assertThat(figures(providers.get(0))).isEqualTo(figures(overall));
    }

    // ---- helpers ----

    JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        return parse(r.body());
    }

    private List<String> requestIds(String filter) throws Exception {
        return ids(ok("/admin/api/stats/requests?" + RANGE + "&" + filter));
    }

    /** Request ids of a page (or of its items), without the known rows' prefix. */
    private static List<String> ids(JsonNode pageOrItems) {
        JsonNode items = pageOrItems.has("items") ? pageOrItems.path("items") : pageOrItems;
        return StreamSupport.stream(items.spliterator(), false)
                .map(i -> i.path("request_id").asText().replaceFirst("^stats-", "")).toList();
    }

    private static List<String> rows(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(r -> String.join(" ",
                r.path("day").asText(), r.path("provider").asText(), r.path("model").asText(),
                r.path("requests").asText(), r.path("errors").asText(), r.path("input_tokens").asText(),
                r.path("output_tokens").asText(), r.path("cache_read_tokens").asText(),
                number(r.path("cost_usd")))).toList();
    }

    private static String figures(JsonNode f) {
        List<String> unpriced = StreamSupport.stream(f.path("unpriced_models").spliterator(), false)
                .map(JsonNode::asText).toList();
        return "%s requests, %s ok, %s errors, %s%%, tokens %s/%s/%s, $%s [%s], duration %s/%s, ttft %s/%s".formatted(
                f.path("requests").asText(), f.path("succeeded").asText(), f.path("errors").asText(),
                number(f.path("success_rate")), f.path("input_tokens").asText(), f.path("output_tokens").asText(),
                f.path("cache_read_tokens").asText(), number(f.path("cost_usd")), String.join(",", unpriced),
                number(f.path("duration_ms").path("p50")), number(f.path("duration_ms").path("p95")),
                number(f.path("ttft_ms").path("p50")), number(f.path("ttft_ms").path("p95")));
    }

    /** A number as briefly as it can be written: 1500 rather than 1500.0, 0.00003 rather than 3.0E-5. */
    private static String number(JsonNode n) {
        return n.isNull() ? "null" : plain(n.asDouble());
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String tokens(JsonNode item) {
        return item.path("status").asInt() + " " + item.path("input_tokens").asLong() + "/"
                + item.path("output_tokens").asLong();
    }

    /** Linear interpolation between the closest ranks, as PERCENTILE_CONT does, exactly; to a tenth, half up. */
    private static double percentile(List<Long> values, String p) {
        List<Long> sorted = values.stream().sorted().toList();
        BigDecimal rank = new BigDecimal(p).multiply(BigDecimal.valueOf(sorted.size() - 1));
        int below = rank.intValue();
        int above = Math.min(below + 1, sorted.size() - 1);
        BigDecimal v = BigDecimal.valueOf(sorted.get(below)).add(rank.subtract(BigDecimal.valueOf(below))
                .multiply(BigDecimal.valueOf(sorted.get(above) - sorted.get(below))));
        return v.setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
