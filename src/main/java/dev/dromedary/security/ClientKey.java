package dev.dromedary.security;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** A client key as stored (never the key itself). Limits are null when the global default applies. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientKey(String id, String name, String ownerEmail, String prefix, String createdAt,
                        String lastUsedAt, String expiresAt, String revokedAt, Integer requestsPerMinute,
                        Long tokensPerMinute, Long tokensPerDay) {

    /** active, expired or revoked, at {@code now}. */
    public String state(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (expiresAt != null && !Instant.parse(expiresAt).isAfter(now)) {
            return "expired";
        }
        return "active";
    }

    public boolean usable(Instant now) {
        return state(now).equals("active");
    }
}
