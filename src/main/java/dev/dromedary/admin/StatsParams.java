package dev.dromedary.admin;

import dev.dromedary.error.BridgeException;
import dev.dromedary.usage.UsageFilter;
import org.apache.camel.Exchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The checked query parameters of a statistics request: an unknown, repeated, empty or malformed parameter is a
 * 400 that names it, never a silently ignored filter.
 * <p>
 * They are read from the raw query string, not from the message headers where platform-http also puts them:
 * there they share one case-insensitive map with the HTTP request headers, so a client's {@code From} header
 * would merge with the {@code from} parameter.
 */
final class StatsParams {

    static final Set<String> FILTERS = Set.of("from", "to", "provider", "model", "status", "key");

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5][xX][xX]");

    private final Map<String, String> values;

    private StatsParams(Map<String, String> values) {
        this.values = values;
    }

    /** The request's parameters; any name outside {@code accepted} is rejected. */
    static StatsParams read(Exchange exchange, Set<String> accepted) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> values = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return new StatsParams(values);
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!accepted.contains(name)) {
                throw BridgeException.invalidRequest("unknown parameter '" + name + "'; this endpoint takes "
                        + String.join(", ", new TreeSet<>(accepted)));
            }
            if (value.isEmpty()) {
                throw BridgeException.invalidRequest(name + ": must not be empty");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw BridgeException.invalidRequest(name + ": given more than once");
            }
        }
        return new StatsParams(values);
    }

    /** Percent-decoding where '+' stays '+': a time offset such as {@code +02:00} then needs no escaping. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BridgeException.invalidRequest("malformed query string: bad %-escape");
        }
    }

    /** The filters, without a default time range. */
    UsageFilter filter() {
        return filter(0);
    }

    /**
     * The filters; without {@code from}, the range starts {@code defaultDays} before {@code to}, or before the end
     * of today (UTC) when {@code to} is not given either: the last {@code defaultDays} days, today included.
     */
    UsageFilter filter(int defaultDays) {
        Instant from = instant("from");
        Instant to = instant("to");
        if (from == null && defaultDays > 0) {
            Instant end = to != null ? to : LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            from = end.minus(defaultDays, ChronoUnit.DAYS);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw BridgeException.invalidRequest("to: must be later than from");
        }
        StatusRange status = status();
        return new UsageFilter(from, to, values.get("provider"), values.get("model"), status.min(), status.max(),
                values.get("key"));
    }

    /** A whole number parameter within [min, max]; {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, as for a number out of range
        }
        throw BridgeException.invalidRequest(name + ": must be a whole number from " + min + " to " + max);
    }

    /** For the answer's range; null stays null (an open end). */
    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** A date means its start (00:00 UTC), so {@code to=2025-02-01} ends the range with the 31st of January. */
    private Instant instant(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return DATE.matcher(value).matches()
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw BridgeException.invalidRequest(name
                    + ": expected an ISO-8601 instant (2025-01-31T12:00:00Z) or date (2025-01-31)");
        }
    }

    private record StatusRange(Integer min, Integer max) {
    }

    /** {@code 404}: that status only; {@code 4xx}: 400 to 499. */
    private StatusRange status() {
        String value = values.get("status");
        if (value == null) {
            return new StatusRange(null, null);
        }
        if (STATUS.matcher(value).matches()) {
            int status = Integer.parseInt(value);
            return new StatusRange(status, status);
        }
        if (STATUS_CLASS.matcher(value).matches()) {
            int first = (value.charAt(0) - '0') * 100;
            return new StatusRange(first, first + 99);
        }
        throw BridgeException.invalidRequest("status: expected a status (200) or a class of them (2xx, 4xx, 5xx)");
    }
}
