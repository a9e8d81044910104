package dev.dromedary.provider;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The providers set through the admin API, in the shared database: every replica applies them. */
@Component
public class ProviderStore {

    private static final RowMapper<StoredProvider> ROW = (rs, i) -> new StoredProvider(rs.getString("name"),
            rs.getString("definition"), rs.getString("api_key_sealed"), (Boolean) rs.getObject("enabled"),
            rs.getBoolean("deleted"), rs.getObject("updated_at", OffsetDateTime.class).toInstant().toString(),
            rs.getString("updated_by"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ProviderStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public List<StoredProvider> list() {
        return jdbc.query("SELECT name, definition, api_key_sealed, enabled, deleted, updated_at, updated_by "
                + "FROM provider_override ORDER BY name", ROW);
    }

    /** Stores the row of {@code p.name()}, replacing any. */
    public void put(StoredProvider p) {
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM provider_override WHERE name = ?", p.name());
            jdbc.update("INSERT INTO provider_override (name, definition, api_key_sealed, enabled, deleted, "
                            + "updated_at, updated_by) VALUES (?,?,?,?,?,?,?)", p.name(), p.definition(),
                    p.apiKeySealed(), p.enabled(), p.deleted(), OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
                    p.updatedBy());
        });
    }

    /** Forgets the row of a provider: the file's provider of that name, if any, applies again. */
    public void remove(String name) {
        jdbc.update("DELETE FROM provider_override WHERE name = ?", name);
    }
}
