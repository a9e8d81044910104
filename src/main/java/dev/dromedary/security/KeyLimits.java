package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import dev.dromedary.usage.RequestRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-key limits: requests per minute, and input + output tokens per minute and per UTC day; a key without its own
 * limit has the global default ({@code dromedary.auth.default-limits}), none meaning unlimited. A request counts as
 * it arrives (refused ones too); its tokens count when it finishes, against the minute and the day it finished in.
 * <p>
 * With {@code dromedary.auth.limits-store=database} (the default) the counts live in the shared database
 * ({@link DatabaseLimitWindows}), so the limits hold across replicas: admitting a request of a limited key costs one
 * statement, a key without limits costs nothing. Tokens reach the database with the request's usage record
 * ({@link LimitTokens}, within the usage writer's flush interval); this replica's own tokens count at once.
 * While the database cannot be reached, limits fail open to this replica's own counts (kept in memory all along)
 * rather than refusing traffic; the database is tried again every few seconds, and both changes are logged once.
 * With {@code memory} every replica counts alone.
 * <p>
 * Also the {@code usage-record} route's step that counts a finished request's tokens in memory.
 */
@Component("keyLimits")
public class KeyLimits implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(KeyLimits.class);
    /** After a failure the database is left alone this long: a database that is away costs a connect timeout. */
    static final long RETRY_DATABASE_MILLIS = 5_000;

    private final DromedaryProperties.Limits defaults;
    private final MemoryLimitWindows memory = new MemoryLimitWindows();
    private final DatabaseLimitWindows database;
    private final long retryDatabaseMillis;
    private final LongSupplier clock;
    private final Map<String, Boolean> limitedById = new ConcurrentHashMap<>();
    /** 0 while the database answers; else when one request may try it again. */
    private final AtomicLong databaseAwayUntil = new AtomicLong();

    @Autowired
    public KeyLimits(DromedaryProperties props, DatabaseLimitWindows database) {
        this(props.auth().defaultLimits(),
                props.auth().limitsStore() == DromedaryProperties.LimitsStore.DATABASE ? database : null,
                RETRY_DATABASE_MILLIS, System::currentTimeMillis);
    }

    /** @param database null: this replica counts alone */
    KeyLimits(DromedaryProperties.Limits defaults, DatabaseLimitWindows database, long retryDatabaseMillis,
              LongSupplier clock) {
        this.defaults = defaults;
        this.database = database;
        this.retryDatabaseMillis = retryDatabaseMillis;
        this.clock = clock;
    }

    /** Before a request of {@code key} is served: throws 429 with {@code retry-after} when a limit is reached. */
    public void admit(ClientKey key) {
        DromedaryProperties.Limits limits = limitsOf(key);
        boolean limited = limits.any();
        limitedById.putIfAbsent(key.id(), limited);
        if (!limited) {
            return;
        }
        long now = clock.getAsLong();
        WindowCounts used = count(key.id(), now);
        long minuteEnds = LimitWindows.minuteStart(now) + LimitWindows.MINUTE_MILLIS - now;
        if (limits.tokensPerMinute() != null && used.tokensThisMinute() >= limits.tokensPerMinute()) {
            throw limited("tokens per minute (" + limits.tokensPerMinute() + ")", minuteEnds);
        }
        if (limits.tokensPerDay() != null && used.tokensToday() >= limits.tokensPerDay()) {
            throw limited("tokens per day (" + limits.tokensPerDay() + ", UTC)",
                    LimitWindows.dayStart(now) + LimitWindows.DAY_MILLIS - now);
        }
        if (limits.requestsPerMinute() != null && used.requestsThisMinute() > limits.requestsPerMinute()) {
            throw limited("requests per minute (" + limits.requestsPerMinute() + ")", minuteEnds);
        }
    }

    /** Whether the database counts limits (else every replica counts alone). */
    public boolean countedInDatabase() {
        return database != null;
    }

    /**
     * Whether the tokens of this key's requests must be counted: false only for a key this replica has seen without
     * limits (a record replayed after a restart may belong to a key not seen since).
     */
    public boolean mayBeLimited(String keyId) {
        return !Boolean.FALSE.equals(limitedById.get(keyId));
    }

    /** A finished request's tokens count against its key in this replica's memory. */
    @Override
    public void process(Exchange exchange) {
        RequestRecord r = exchange.getMessage().getBody(RequestRecord.class);
        if (r == null || r.keyId() == null || !Boolean.TRUE.equals(limitedById.get(r.keyId()))) {
            return;
        }
        long tokens = LimitTokens.tokens(r);
        if (tokens > 0) {
            memory.addTokens(r.keyId(), LimitTokens.finishedAt(r), tokens);
        }
    }

    private DromedaryProperties.Limits limitsOf(ClientKey key) {
        return new DromedaryProperties.Limits(
                key.requestsPerMinute() != null ? key.requestsPerMinute() : defaults.requestsPerMinute(),
                key.tokensPerMinute() != null ? key.tokensPerMinute() : defaults.tokensPerMinute(),
                key.tokensPerDay() != null ? key.tokensPerDay() : defaults.tokensPerDay());
    }

    /**
     * The shared counts when the database answers, this replica's own otherwise (always kept, for that case and
     * because they know this replica's latest tokens first).
     */
    private WindowCounts count(String keyId, long now) {
        WindowCounts local = memory.countRequest(keyId, now);
        if (database == null) {
            return local;
        }
        long awayUntil = databaseAwayUntil.get();
        // while the database is away, one request at a time tries it again once the pause is over
        if (awayUntil != 0 && (now < awayUntil
                || !databaseAwayUntil.compareAndSet(awayUntil, now + retryDatabaseMillis))) {
            return local;
        }
        try {
            WindowCounts shared = database.countRequest(keyId, now);
            if (awayUntil != 0) {
                databaseAwayUntil.set(0);
                LOG.info("Key limits are counted in the shared database again");
            }
            // the shared tokens lag by the usage writer's flush interval; this replica's own do not
            return shared.max(local);
        } catch (DataAccessException e) {
            if (awayUntil == 0 && databaseAwayUntil.compareAndSet(0, now + retryDatabaseMillis)) {
                LOG.warn("Key limits cannot be counted in the database ({}): each replica counts alone until it "
                        + "answers again", e.getMessage());
            }
            return local;
        }
    }

    private static BridgeException limited(String what, long retryMillis) {
        return new BridgeException(429, "rate_limit_error", "this API key has reached its limit of " + what,
                Duration.ofMillis(Math.max(1000, retryMillis)), null);
    }
}
