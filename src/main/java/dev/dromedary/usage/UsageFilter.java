package dev.dromedary.usage;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which {@code usage_request} rows a statistics query covers. Every field is optional (null: no restriction).
 *
 * @param from      first instant included ({@code started_at})
 * @param to        first instant no longer included
 * @param model     matched against the requested and the upstream model
 * @param statusMin lowest HTTP status included; with {@code statusMax} one status or a class such as 400..499
 * @param key       the client key's id
 */
public record UsageFilter(Instant from, Instant to, String provider, String model, Integer statusMin,
                          Integer statusMax, String key) {

    /**
     * The WHERE clause of these filters, with their values added to {@code params}. Only the clause's shape
     * depends on the filters: it is assembled from fixed fragments (a fixed clause with {@code :x IS NULL OR ...}
     * would leave PostgreSQL unable to type a null parameter).
     */
    String where(MapSqlParameterSource params) {
        List<String> terms = new ArrayList<>();
        if (from != null) {
            terms.add("started_at >= :from");
            params.addValue("from", from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            terms.add("started_at < :to");
            params.addValue("to", to.atOffset(ZoneOffset.UTC));
        }
        if (provider != null) {
            terms.add("provider = :provider");
            params.addValue("provider", provider);
        }
        if (model != null) {
            terms.add("(requested_model = :model OR upstream_model = :model)");
            params.addValue("model", model);
        }
        if (statusMin != null) {
            terms.add("status >= :statusMin");
            params.addValue("statusMin", statusMin);
        }
        if (statusMax != null) {
            terms.add("status <= :statusMax");
            params.addValue("statusMax", statusMax);
        }
        if (key != null) {
            terms.add("key_id = :key");
            params.addValue("key", key);
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }
}
