package dev.dromedary.security;

import dev.dromedary.usage.RequestRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A step of the {@code usage-insert} route, in its transaction: the tokens of the records being stored count
 * against their keys' windows in the database. Being in that transaction makes the count exact: tokens are added
 * when, and only when, their record is stored, and a record replayed from the spool that is already stored (its
 * first write committed though the writer did not learn so) adds nothing again.
 */
@Component("limitTokens")
public class LimitTokens {

    private record Window(String keyId, String kind, long start) {
    }

    private final KeyLimits limits;
    private final DatabaseLimitWindows windows;
    private final NamedParameterJdbcTemplate jdbc;

    public LimitTokens(KeyLimits limits, DatabaseLimitWindows windows, JdbcTemplate jdbc) {
        this.limits = limits;
        this.windows = windows;
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Before the records are inserted (afterwards they would all look stored already). */
    public void countNewRecords(List<RequestRecord> records) {
        if (!limits.countedInDatabase()) {
            return;
        }
        List<RequestRecord> counted = records.stream()
                .filter(r -> r.keyId() != null && tokens(r) > 0 && limits.mayBeLimited(r.keyId())).toList();
        if (counted.isEmpty()) {
            return;
        }
        Set<String> stored = stored(counted.stream().map(RequestRecord::requestId).toList());
        Map<Window, Long> sums = new LinkedHashMap<>();
        for (RequestRecord r : counted) {
            if (!stored.contains(r.requestId())) {
                long at = finishedAt(r);
                long tokens = tokens(r);
                sums.merge(new Window(r.keyId(), LimitWindows.MINUTE, LimitWindows.minuteStart(at)), tokens, Long::sum);
                sums.merge(new Window(r.keyId(), LimitWindows.DAY, LimitWindows.dayStart(at)), tokens, Long::sum);
            }
        }
        List<DatabaseLimitWindows.TokenUse> uses = new ArrayList<>();
        sums.forEach((w, n) -> uses.add(new DatabaseLimitWindows.TokenUse(w.keyId(), w.kind(), w.start(), n)));
        if (!uses.isEmpty()) {
            windows.addTokens(uses);
        }
    }

    private Set<String> stored(List<String> requestIds) {
        return new HashSet<>(jdbc.queryForList("SELECT request_id FROM usage_request WHERE request_id IN (:ids)",
                new MapSqlParameterSource("ids", requestIds), String.class));
    }

    /** Input + output tokens: what token limits count. */
    static long tokens(RequestRecord r) {
        return (r.inputTokens() == null ? 0 : r.inputTokens()) + (r.outputTokens() == null ? 0 : r.outputTokens());
    }

    /** Tokens count in the window in which their request finished. */
    static long finishedAt(RequestRecord r) {
        return r.startedAtMillis() + r.durationMillis();
    }
}
