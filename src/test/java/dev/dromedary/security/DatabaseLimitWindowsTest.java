package dev.dromedary.security;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared limit windows on both databases the bridge runs on: H2 in PostgreSQL mode, and a real PostgreSQL in a
 * session time zone far from UTC (windows are UTC minutes and days whatever the session says). Each database gets
 * the real migrations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseLimitWindowsTest {

    /** 2025-03-04T10:20:30.5Z: mid-minute, mid-day. */
    private static final long NOW = Instant.parse("2025-03-04T10:20:30.500Z").toEpochMilli();

    private EmbeddedPostgres postgres;
    private final List<HikariDataSource> dataSources = new ArrayList<>();

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    void stop() throws Exception {
        dataSources.forEach(HikariDataSource::close);
        postgres.close();
    }

    Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    /** A freshly migrated database, a new one per test. */
    private JdbcTemplate database(String which) {
        HikariDataSource ds = new HikariDataSource();
        ds.setMaximumPoolSize(8);
        if (which.equals("h2")) {
            ds.setJdbcUrl("jdbc:h2:mem:limits-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        } else {
            String schema = "limits_" + System.nanoTime();
            new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE SCHEMA " + schema);
            ds.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema);
            ds.setConnectionInitSql("SET TIME ZONE 'Pacific/Auckland'");
        }
        dataSources.add(ds);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(ds);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentRequestsAreEachCountedOnceAndSeeTheirOwnCount(String which) throws Exception {
        JdbcTemplate jdbc = database(which);
        DatabaseLimitWindows windows = new DatabaseLimitWindows(jdbc);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> counts = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                Callable<Long> admit = () -> windows.countRequest("key_a", NOW).requestsThisMinute();
                counts.add(pool.submit(admit));
            }
            List<Long> seen = new ArrayList<>();
            for (Future<Long> f : counts) {
                seen.add(f.get());
            }
            // atomic: every request saw a different count, so a limit of N lets exactly N through
            assertThat(seen).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT requests FROM key_limit_window WHERE key_id = 'key_a' "
                + "AND window_kind = 'minute'", Long.class)).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT window_start FROM key_limit_window WHERE key_id = 'key_a'",
                java.time.OffsetDateTime.class).toInstant()).isEqualTo(Instant.parse("2025-03-04T10:20:00Z"));
        // the next minute starts over
        assertThat(windows.countRequest("key_a", NOW + 30_000).requestsThisMinute()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void tokensCountInTheMinuteAndTheUtcDayTheyAreAddedTo(String which) {
        JdbcTemplate jdbc = database(which);
        DatabaseLimitWindows windows = new DatabaseLimitWindows(jdbc);
        long minute = LimitWindows.minuteStart(NOW);
        long day = LimitWindows.dayStart(NOW);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));

        tx.executeWithoutResult(s -> windows.addTokens(List.of(
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.MINUTE, minute, 17),
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.DAY, day, 17),
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.MINUTE, minute - 60_000, 100),
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.DAY, day, 100),
                new DatabaseLimitWindows.TokenUse("key_b", LimitWindows.DAY, day, 1000))));
        tx.executeWithoutResult(s -> windows.addTokens(List.of(
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.MINUTE, minute, 3),
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.DAY, day, 3))));

        assertThat(windows.countRequest("key_a", NOW)).isEqualTo(new WindowCounts(1, 20, 120));
        assertThat(windows.countRequest("key_a", NOW + 60_000)).isEqualTo(new WindowCounts(1, 0, 120));
        // already tomorrow in Auckland, but still the same UTC day
        assertThat(windows.countRequest("key_a", day + LimitWindows.DAY_MILLIS - 1).tokensToday()).isEqualTo(120);
        assertThat(windows.countRequest("key_a", day + LimitWindows.DAY_MILLIS).tokensToday()).isZero();
        assertThat(windows.countRequest("key_c", NOW)).isEqualTo(new WindowCounts(1, 0, 0));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void windowsNoLimitLooksAtAnyMoreAreDeleted(String which) {
        JdbcTemplate jdbc = database(which);
        DatabaseLimitWindows windows = new DatabaseLimitWindows(jdbc);
        long now = System.currentTimeMillis();
        windows.countRequest("key_a", now);                                   // this minute: kept
        windows.countRequest("key_a", now - 10 * 60_000);                     // ten minutes ago: kept
        windows.countRequest("key_a", now - 2 * 3_600_000);                   // two hours ago: gone
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        tx.executeWithoutResult(s -> windows.addTokens(List.of(
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.DAY, LimitWindows.dayStart(now), 1),
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.DAY,
                        LimitWindows.dayStart(now) - LimitWindows.DAY_MILLIS, 1),
                new DatabaseLimitWindows.TokenUse("key_a", LimitWindows.DAY,
                        LimitWindows.dayStart(now) - 3 * LimitWindows.DAY_MILLIS, 1))));

        windows.deleteOld();

        List<String> kept = jdbc.query("SELECT window_kind, window_start FROM key_limit_window",
                (rs, n) -> rs.getString(1) + " " + rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
        assertThat(kept).containsExactlyInAnyOrder(
                "minute " + Instant.ofEpochMilli(LimitWindows.minuteStart(now)),
                "minute " + Instant.ofEpochMilli(LimitWindows.minuteStart(now - 10 * 60_000)),
                "day " + Instant.ofEpochMilli(LimitWindows.dayStart(now)),
                "day " + Instant.ofEpochMilli(LimitWindows.dayStart(now) - LimitWindows.DAY_MILLIS));
    }
}
