package dev.dromedary.error;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Maps a provider's HTTP error answer onto the Anthropic error the client gets. */
public final class UpstreamErrors {

    static final int MAX_MESSAGE = 1000;

    private UpstreamErrors() {
    }

    public static BridgeException fromStatus(String provider, int status, String body, String retryAfter) {
        String upstream = message(body);
        String detail = upstream.isEmpty() ? "HTTP " + status : upstream;
        return switch (status) {
            case 400, 422 -> new BridgeException(400, "invalid_request_error", detail + " (provider " + provider + ")");
            case 401 -> new BridgeException(401, "authentication_error",
                    "provider " + provider + " rejected the bridge's API key: " + detail);
            case 403 -> new BridgeException(403, "permission_error", "provider " + provider + " refused: " + detail);
            case 404 -> new BridgeException(404, "not_found_error", "provider " + provider + ": " + detail);
            case 413 -> new BridgeException(413, "request_too_large", "provider " + provider + ": " + detail);
            case 429 -> new BridgeException(429, "rate_limit_error", "provider " + provider + " is rate limiting: "
                    + detail, retryAfter(retryAfter), null);
            case 408, 504 -> new BridgeException(504, "timeout_error", "provider " + provider + " timed out: " + detail);
            case 503, 529 -> new BridgeException(529, "overloaded_error", "provider " + provider + " is overloaded: "
                    + detail, retryAfter(retryAfter), null);
            default -> status >= 500
                    ? new BridgeException(502, "api_error", "provider " + provider + " failed: " + detail)
                    : new BridgeException(400, "invalid_request_error", detail + " (provider " + provider + ")");
        };
    }

    /** The HTTP status that goes with an Anthropic error type (an error event carries only the type). */
    public static int statusOf(String errorType) {
        return switch (errorType) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    /** The human part of an error body: OpenAI's {@code error.message}, a bare {@code message}, or the text. */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root.path("error");
            String m = error.isTextual() ? error.asText() : error.path("message").asText("");
            if (m.isEmpty()) {
                m = root.path("message").asText("");
            }
            if (m.isEmpty()) {
                m = root.path("detail").asText("");
            }
            if (!m.isEmpty()) {
                return truncate(m);
            }
        } catch (Exception e) {
            // not JSON: use the text
        }
        return truncate(body.strip());
    }

    /** {@code retry-after} as seconds or an HTTP date; anything else is ignored. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (Exception ignored) {
                return null;
            }
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
