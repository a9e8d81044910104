package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.convert.Ids;
import dev.dromedary.error.BridgeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client keys in the shared database. A presented key is looked up by its digest; answers are cached for
 * {@code dromedary.auth.cache-ttl}, so a key revoked through another replica stops working there within that time
 * (at once on the replica that revoked it). {@code last_used_at} is written at most once a minute per key.
 */
@Component
public class ClientKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ClientKeys.class);
    private static final String COLUMNS = "id, name, owner_email, prefix, created_at, last_used_at, expires_at, "
            + "revoked_at, requests_per_minute, tokens_per_minute, tokens_per_day";

    /** A key as created: the only time the key itself is seen. */
    public record Created(ClientKey key, String secret) {
    }

    private record Cached(ClientKey key, long untilNanos) {
    }

    private final JdbcTemplate jdbc;
    private final long ttlNanos;
    private final Map<String, Cached> byHash = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUseWritten = new ConcurrentHashMap<>();
    private volatile long anyKeysUntilNanos;
    private volatile boolean anyKeys;

    public ClientKeys(JdbcTemplate jdbc, DromedaryProperties props) {
        this.jdbc = jdbc;
        this.ttlNanos = props.auth().cacheTtl().toNanos();
    }

    public Created create(String name, String ownerEmail, Instant expiresAt, Integer rpm, Long tpm, Long tpd) {
        String secret = KeyMaterial.newKey();
        String id = Ids.random("key_", 20);
        jdbc.update("INSERT INTO client_key (id, name, owner_email, prefix, key_hash, created_at, expires_at, "
                        + "requests_per_minute, tokens_per_minute, tokens_per_day) VALUES (?,?,?,?,?,?,?,?,?,?)",
                id, name, ownerEmail, KeyMaterial.displayPrefix(secret), KeyMaterial.hash(secret), utc(Instant.now()),
                expiresAt == null ? null : utc(expiresAt), rpm, tpm, tpd);
        anyKeys = true;
        anyKeysUntilNanos = System.nanoTime() + ttlNanos;
        LOG.info("Client key {} ({}) created", id, name);
        return new Created(find(id), secret);
    }

    public List<ClientKey> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM client_key ORDER BY created_at, id", ROW);
    }

    public ClientKey find(String id) {
        List<ClientKey> found = jdbc.query("SELECT " + COLUMNS + " FROM client_key WHERE id = ?", ROW, id);
        return found.isEmpty() ? null : found.getFirst();
    }

    /** @return false when no such key exists */
    public boolean revoke(String id) {
        int n = jdbc.update("UPDATE client_key SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                utc(Instant.now()), id);
        byHash.clear();
        if (n > 0) {
            LOG.info("Client key {} revoked", id);
        }
        return n > 0;
    }

    /** Whether any key was ever created: from then on every client needs one. */
    public boolean anyKeys() {
        if (System.nanoTime() > anyKeysUntilNanos) {
            try {
                Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM client_key", Integer.class);
                anyKeys = n != null && n > 0;
            } catch (RuntimeException e) {
                // the database is away: keep the last answer (a deployment with keys stays closed)
                LOG.debug("client keys not counted: {}", e.getMessage());
            }
            anyKeysUntilNanos = System.nanoTime() + ttlNanos;
        }
        return anyKeys;
    }

    /** The usable key a client presented, or null (unknown, expired or revoked: the caller cannot tell which). */
    public ClientKey authenticate(String presented) {
        if (presented == null || !presented.startsWith(KeyMaterial.PREFIX)) {
            return null;
        }
        String hash = KeyMaterial.hash(presented);
        long now = System.nanoTime();
        Cached cached = byHash.get(hash);
        if (cached == null || now > cached.untilNanos()) {
            List<ClientKey> found;
            try {
                found = jdbc.query("SELECT " + COLUMNS + " FROM client_key WHERE key_hash = ?", ROW, hash);
            } catch (RuntimeException e) {
                if (cached != null) {
                    // the database is away: the last answer for this key stands until it is back
                    return cached.key() != null && cached.key().usable(Instant.now()) ? cached.key() : null;
                }
                throw new BridgeException(529, "overloaded_error", "the API key cannot be checked right now; retry",
                        java.time.Duration.ofSeconds(2), e);
            }
            cached = new Cached(found.isEmpty() ? null : found.getFirst(), now + ttlNanos);
            if (byHash.size() > 10_000) {
                byHash.clear();
            }
            byHash.put(hash, cached);
        }
        ClientKey key = cached.key();
        if (key == null || !key.usable(Instant.now())) {
            return null;
        }
        touch(key.id());
        return key;
    }

    private void touch(String id) {
        long now = System.nanoTime();
        Long last = lastUseWritten.get(id);
        if (last == null || now - last > 60_000_000_000L) {
            lastUseWritten.put(id, now);
            try {
                jdbc.update("UPDATE client_key SET last_used_at = ? WHERE id = ?", utc(Instant.now()), id);
            } catch (RuntimeException e) {
                LOG.debug("last_used_at of key {} not written: {}", id, e.getMessage());
            }
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static String iso(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant().toString();
    }

    private static final RowMapper<ClientKey> ROW = (rs, n) -> new ClientKey(rs.getString("id"), rs.getString("name"),
            rs.getString("owner_email"), rs.getString("prefix"), iso(rs, "created_at"), iso(rs, "last_used_at"),
            iso(rs, "expires_at"), iso(rs, "revoked_at"), (Integer) rs.getObject("requests_per_minute", Integer.class),
            rs.getObject("tokens_per_minute", Long.class), rs.getObject("tokens_per_day", Long.class));
}
