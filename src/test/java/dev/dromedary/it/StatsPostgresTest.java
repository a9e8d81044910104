package dev.dromedary.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics API's checks ({@link StatsApiChecks}) on a real PostgreSQL: its SQL must run on both. */
class StatsPostgresTest extends StatsApiChecks {

    private static final EmbeddedPostgres POSTGRES;

    static {
        try {
            POSTGRES = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // a session time zone far from UTC: instants and UTC days must not depend on it
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "SET TIME ZONE 'Pacific/Auckland'");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @Autowired
    JdbcTemplate postgres;

    @Test
    void theChecksRunOnPostgresqlInAFarTimeZone() {
        assertThat(postgres.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL ");
        assertThat(postgres.queryForObject("SHOW TimeZone", String.class)).isEqualTo("Pacific/Auckland");
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.close();
    }
}
