package dev.dromedary.health;

import dev.dromedary.config.DromedaryProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

/**
 * Part of readiness: the usage database. A short outage is absorbed by the usage queue and spool, so readiness goes
 * down only when the database has been unreachable for longer than {@code dromedary.health.database-down-after}.
 */
@Component("usageDatabase")
public class UsageDatabaseHealthIndicator implements HealthIndicator {

    private final DataSource dataSource;
    private final Duration grace;
    private volatile Instant lastReachable = Instant.now();

    public UsageDatabaseHealthIndicator(DataSource dataSource, DromedaryProperties props) {
        this.dataSource = dataSource;
        this.grace = props.health().databaseDownAfter();
    }

    @Override
    public Health health() {
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(2)) {
                lastReachable = Instant.now();
                return Health.up().build();
            }
        } catch (Exception e) {
            // unreachable: judged below
        }
        Duration down = Duration.between(lastReachable, Instant.now());
        Health.Builder h = down.compareTo(grace) > 0 ? Health.down() : Health.up();
        return h.withDetail("unreachable_for_seconds", down.toSeconds())
                .withDetail("down_after_seconds", grace.toSeconds()).build();
    }
}
