package dev.dromedary.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dromedary.api.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The statistics API's reads of {@code usage_request}. The SQL runs on H2 (PostgreSQL mode) and PostgreSQL alike;
 * filter values are always bound parameters (see {@link UsageFilter#where}).
 */
@Component
public class UsageQueries {

    /** What counts as an error: also as in the {@code usage_daily} view, so both agree. */
    private static final String ERRORS = "SUM(CASE WHEN status >= 400 OR error_type IS NOT NULL THEN 1 ELSE 0 END)";

    private static final String TOKENS = """
            COALESCE(SUM(input_tokens), 0) AS input_tokens,
            COALESCE(SUM(output_tokens), 0) AS output_tokens,
            COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens""";

    // cast: H2 answers PERCENTILE_CONT in the column's type or as a decimal, PostgreSQL as a double
    private static final String PERCENTILES = """
            CAST(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) AS DOUBLE PRECISION) AS duration_p50,
            CAST(PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS DOUBLE PRECISION) AS duration_p95,
            CAST(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS DOUBLE PRECISION) AS ttft_p50,
            CAST(PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY ttft_ms) AS DOUBLE PRECISION) AS ttft_p95""";

    private static final String REQUEST_COLUMNS = """
            request_id, started_at, key_id, requested_model, tier, provider, upstream_model, streaming, status,
            error_type, input_tokens, output_tokens, cache_read_tokens, ttft_ms, duration_ms, stop_reason,
            client_disconnected, attempt_count, attempts""";

    private final NamedParameterJdbcTemplate jdbc;

    public UsageQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long count(UsageFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM usage_request" + filter.where(params), params, Long.class);
        return n == null ? 0 : n;
    }

    /** One page of the matching requests, newest first; the request id breaks ties so that pages never overlap. */
    public List<StoredRequest> page(UsageFilter filter, int page, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT " + REQUEST_COLUMNS + " FROM usage_request" + filter.where(params)
                + " ORDER BY started_at DESC, request_id DESC LIMIT :size OFFSET :offset";
        params.addValue("size", size).addValue("offset", (long) page * size);
        return jdbc.query(sql, params, UsageQueries::storedRequest);
    }

    /** Requests and tokens per UTC day, provider and upstream model, in that order. */
    public List<UsageGroup> byDay(UsageFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT usage_day, provider, upstream_model, COUNT(*) AS requests, " + ERRORS + " AS errors, "
                + TOKENS + " FROM usage_request" + filter.where(params)
                + " GROUP BY usage_day, provider, upstream_model"
                + " ORDER BY usage_day, provider NULLS LAST, upstream_model NULLS LAST";
        return jdbc.query(sql, params, (rs, n) -> new UsageGroup(rs.getObject("usage_day", LocalDate.class),
                rs.getString("provider"), rs.getString("upstream_model"), rs.getLong("requests"),
                rs.getLong("errors"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getLong("cache_read_tokens")));
    }

    /** The figures of all matching requests together (a row of zeros and nulls when none matches). */
    public RequestFigures overall(UsageFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT COUNT(*) AS requests, " + ERRORS + " AS errors, " + TOKENS + ", " + PERCENTILES
                + " FROM usage_request" + filter.where(params);
        return jdbc.queryForObject(sql, params, figures(false));
    }

    /** The figures of the matching requests per provider, by provider name (no provider last). */
    public List<RequestFigures> byProvider(UsageFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT provider, COUNT(*) AS requests, " + ERRORS + " AS errors, " + TOKENS + ", "
                + PERCENTILES + " FROM usage_request" + filter.where(params)
                + " GROUP BY provider ORDER BY provider NULLS LAST";
        return jdbc.query(sql, params, figures(true));
    }

    private static RowMapper<RequestFigures> figures(boolean perProvider) {
        return (rs, n) -> new RequestFigures(perProvider ? rs.getString("provider") : null,
                rs.getLong("requests"), rs.getLong("errors"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"), nullableDouble(rs, "duration_p50"),
                nullableDouble(rs, "duration_p95"), nullableDouble(rs, "ttft_p50"), nullableDouble(rs, "ttft_p95"));
    }

    private static StoredRequest storedRequest(ResultSet rs, int n) throws SQLException {
        return new StoredRequest(
                rs.getString("request_id"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant().toString(),
                rs.getString("key_id"),
                rs.getString("requested_model"),
                rs.getString("tier"),
                rs.getString("provider"),
                rs.getString("upstream_model"),
                rs.getBoolean("streaming"),
                rs.getInt("status"),
                rs.getString("error_type"),
                nullableLong(rs, "input_tokens"),
                nullableLong(rs, "output_tokens"),
                nullableLong(rs, "cache_read_tokens"),
                nullableLong(rs, "ttft_ms"),
                rs.getLong("duration_ms"),
                rs.getString("stop_reason"),
                rs.getBoolean("client_disconnected"),
                rs.getInt("attempt_count"),
                attempts(rs.getString("attempts")));
    }

    /** The stored JSON text as JSON again; text that does not parse is shown as it is rather than failing the page. */
    private static JsonNode attempts(String json) {
        if (json == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
