package dev.dromedary.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;

/**
 * Limit windows in the shared database (table {@code key_limit_window}), so that every replica counts against the
 * same figures. Admitting a request is one statement, one round trip: it adds the request to its minute, atomically
 * however many replicas do the same, and reads back that minute and the day. PostgreSQL does it with
 * {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}, which H2 does not accept even in PostgreSQL mode; on H2
 * (embedded, no network) an insert-if-missing and an update read through {@code FINAL TABLE} do the same.
 */
@Component
public class DatabaseLimitWindows {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLimitWindows.class);

    /** Minute windows are looked at for a minute, day windows for a day: older ones are kept only this long. */
    static final long KEEP_MINUTES_MILLIS = 3_600_000;
    static final long KEEP_DAYS_MILLIS = 2 * LimitWindows.DAY_MILLIS;

    private static final String DAY_TOKENS = "COALESCE((SELECT d.tokens FROM key_limit_window d WHERE d.key_id = :key"
            + " AND d.window_kind = 'day' AND d.window_start = :day), 0)";

    private static final String COUNT_POSTGRES = """
            WITH bumped AS (
                INSERT INTO key_limit_window (key_id, window_kind, window_start, requests, tokens)
                VALUES (:key, 'minute', :minute, 1, 0)
                ON CONFLICT (key_id, window_kind, window_start)
                DO UPDATE SET requests = key_limit_window.requests + 1
                RETURNING requests, tokens)
            SELECT bumped.requests, bumped.tokens, %s AS day_tokens FROM bumped""".formatted(DAY_TOKENS);

    private static final String ENSURE_WINDOW = "INSERT INTO key_limit_window (key_id, window_kind, window_start, "
            + "requests, tokens) VALUES (:key, :kind, :start, 0, 0) ON CONFLICT DO NOTHING";

    private static final String COUNT_H2 = """
            SELECT bumped.requests, bumped.tokens, %s AS day_tokens
            FROM FINAL TABLE (UPDATE key_limit_window SET requests = requests + 1
                              WHERE key_id = :key AND window_kind = 'minute' AND window_start = :minute) bumped"""
            .formatted(DAY_TOKENS);

    private static final String ADD_TOKENS = "UPDATE key_limit_window SET tokens = tokens + :tokens "
            + "WHERE key_id = :key AND window_kind = :kind AND window_start = :start";

    private static final String DELETE_OLD = "DELETE FROM key_limit_window WHERE window_start < :dayCutoff "
            + "OR (window_kind = 'minute' AND window_start < :minuteCutoff)";

    private static final RowMapper<WindowCounts> COUNTS = (rs, n) ->
            new WindowCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));

    /** Tokens to add to one window. */
    public record TokenUse(String keyId, String kind, long windowStart, long tokens) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    /** Known on first use rather than at start-up, when the database may be away. */
    private volatile Boolean postgres;

    public DatabaseLimitWindows(JdbcTemplate jdbc) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Counts a request of {@code keyId} arriving at {@code nowMillis}; throws {@link DataAccessException}. */
    WindowCounts countRequest(String keyId, long nowMillis) {
        long minute = LimitWindows.minuteStart(nowMillis);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("key", keyId)
                .addValue("minute", LimitWindows.utc(minute))
                .addValue("day", LimitWindows.utc(LimitWindows.dayStart(nowMillis)));
        if (postgres()) {
            return jdbc.queryForObject(COUNT_POSTGRES, p, COUNTS);
        }
        jdbc.update(ENSURE_WINDOW, window(keyId, LimitWindows.MINUTE, minute));
        return jdbc.queryForObject(COUNT_H2, p, COUNTS);
    }

    /**
     * Adds tokens to their windows, in the caller's transaction. In a fixed order, so that two replicas adding to
     * the same windows at once cannot deadlock.
     */
    public void addTokens(List<TokenUse> uses) {
        List<TokenUse> ordered = uses.stream().sorted(Comparator.comparing(TokenUse::keyId)
                .thenComparing(TokenUse::kind).thenComparingLong(TokenUse::windowStart)).toList();
        SqlParameterSource[] windows = ordered.stream()
                .map(u -> window(u.keyId(), u.kind(), u.windowStart())).toArray(SqlParameterSource[]::new);
        SqlParameterSource[] adds = ordered.stream()
                .map(u -> window(u.keyId(), u.kind(), u.windowStart()).addValue("tokens", u.tokens()))
                .toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate(ENSURE_WINDOW, windows);
        jdbc.batchUpdate(ADD_TOKENS, adds);
    }

    /** Deletes windows no limit looks at any more. */
    public void deleteOld() {
        long now = System.currentTimeMillis();
        try {
            int n = jdbc.update(DELETE_OLD, new MapSqlParameterSource()
                    .addValue("dayCutoff", LimitWindows.utc(now - KEEP_DAYS_MILLIS))
                    .addValue("minuteCutoff", LimitWindows.utc(now - KEEP_MINUTES_MILLIS)));
            LOG.debug("{} old key limit windows deleted", n);
        } catch (DataAccessException e) {
            // the next round will do it
            LOG.debug("Old key limit windows not deleted: {}", e.getMessage());
        }
    }

    private static MapSqlParameterSource window(String keyId, String kind, long start) {
        return new MapSqlParameterSource().addValue("key", keyId).addValue("kind", kind)
                .addValue("start", LimitWindows.utc(start));
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            String product = jdbc.getJdbcTemplate().execute((ConnectionCallback<String>) c ->
                    c.getMetaData().getDatabaseProductName());
            known = "PostgreSQL".equalsIgnoreCase(product);
            postgres = known;
        }
        return known;
    }
}
