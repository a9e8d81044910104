package dev.dromedary.config;

import dev.dromedary.provider.Tier;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Settings under {@code dromedary.*}.
 *
 * @param providerConfig path of provider.json
 * @param defaultTier    tier for model names that name no Claude family and no listed model
 * @param connectTimeout TCP connect timeout towards providers
 * @param stream         streaming settings
 * @param failover       how providers are retried and failed over
 * @param usage          how usage records reach the database
 * @param admin          the admin API's credential
 * @param auth           how clients authenticate
 * @param maxRequestBytes request bodies beyond this get 413 (Anthropic's own limit is 32 MB)
 * @param maxInflightRequestBytes request bodies held at once, beyond which new Messages requests get a retryable
 *                       529 (0: an eighth of the heap above 64 MB, see {@code RequestMemory})
 * @param health         when readiness goes down
 * @param prices         price per upstream model name, for the cost estimates of the statistics API
 * @param providers      how provider changes are picked up and applied at run time
 * @param secrets        the key that encrypts provider keys stored through the admin API
 * @param routes         where operators' YAML route files live and how they are reloaded
 */
@ConfigurationProperties(prefix = "dromedary")
public record DromedaryProperties(String providerConfig, Tier defaultTier, Duration connectTimeout, Stream stream,
                                  Failover failover, Usage usage, Map<String, Price> prices, Admin admin,
                                  Auth auth, long maxRequestBytes, long maxInflightRequestBytes, HealthSettings health,
                                  Providers providers, Secrets secrets, Routes routes) {

    public DromedaryProperties {
        providerConfig = providerConfig == null ? "provider.json" : providerConfig;
        defaultTier = defaultTier == null ? Tier.MIDDLE : defaultTier;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        stream = stream == null ? new Stream(null, null, 0) : stream;
        failover = failover == null ? new Failover(0, null) : failover;
        usage = usage == null ? new Usage(0, 0, null, null, null) : usage;
        admin = admin == null ? new Admin(null) : admin;
        auth = auth == null ? new Auth(false, null, 0, null, null) : auth;
        maxRequestBytes = maxRequestBytes <= 0 ? 32L * 1024 * 1024 : maxRequestBytes;
        health = health == null ? new HealthSettings(null) : health;
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        providers = providers == null ? new Providers(null, false, null) : providers;
        secrets = secrets == null ? new Secrets(null) : secrets;
        routes = routes == null ? new Routes(null, null, null) : routes;
    }

    /**
     * @param watchInterval         how often provider.json and the providers stored through the admin API (by any
     *                              replica) are checked for changes
     * @param allowPrivateBaseUrls  the admin API may set base URLs on loopback and private networks (a local Ollama
     *                              or vLLM); link-local and metadata addresses stay refused
     * @param drainTimeout          longest a removed or replaced provider route waits for its streams to end
     */
    public record Providers(Duration watchInterval, boolean allowPrivateBaseUrls, Duration drainTimeout) {
        public Providers {
            watchInterval = watchInterval == null ? Duration.ofSeconds(2) : watchInterval;
            drainTimeout = drainTimeout == null ? Duration.ofHours(1) : drainTimeout;
        }
    }

    /** @param key AES-256 key in base64 for provider keys stored through the admin API; unset: none can be stored */
    public record Secrets(String key) {
        @Override
        public String toString() {
            return "Secrets[key=" + (key == null || key.isBlank() ? "unset" : "***") + "]";
        }
    }

    /**
     * @param dir          operators' route files ({@code *.camel.yaml}, not its subfolders); a file named as a built-in
     *                     one replaces it
     * @param pollInterval how often the directory is read: content hashes rather than file events, because a
     *                     Kubernetes ConfigMap changes by swapping a symlink that file watches may not report
     * @param drainTimeout how long a reload waits for requests still inside the routes it replaces; past it the
     *                     reload is given up and the running version stays, so no request in flight is cut off
     */
    public record Routes(String dir, Duration pollInterval, Duration drainTimeout) {
        public Routes {
            dir = dir == null || dir.isBlank() ? "routes" : dir;
            pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
            drainTimeout = drainTimeout == null ? Duration.ofSeconds(20) : drainTimeout;
        }
    }

    /**
     * What a model costs, in USD per million tokens. Without {@code cacheRead}, cache reads cost the input price:
     * that is what a provider without a cache discount charges.
     *
     * @param input     per million input tokens (those not read from the cache)
     * @param output    per million output tokens
     * @param cacheRead per million input tokens read from the prompt cache
     */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cacheRead) {
        public Price {
            // a price with a missing half would silently underestimate every request of the model
            if (input == null || output == null) {
                throw new IllegalArgumentException("a price needs both input and output (USD per million tokens)");
            }
            if (input.signum() < 0 || output.signum() < 0 || cacheRead != null && cacheRead.signum() < 0) {
                throw new IllegalArgumentException("prices cannot be negative");
            }
            cacheRead = cacheRead == null ? input : cacheRead;
        }
    }

    /**
     * @param required              every client needs a key even before one exists (otherwise: loopback only until then)
     * @param cacheTtl              how long a key check is reused: revocation reaches other replicas within it
     * @param maxFailuresPerMinute  failed key checks one address may make per minute before it gets 429s
     * @param defaultLimits         limits of keys created without their own
     * @param limitsStore           where keys' limits are counted: in the shared database (they hold across replicas)
     *                              or in each replica's memory
     */
    public record Auth(boolean required, Duration cacheTtl, int maxFailuresPerMinute, Limits defaultLimits,
                       LimitsStore limitsStore) {
        public Auth {
            cacheTtl = cacheTtl == null ? Duration.ofSeconds(5) : cacheTtl;
            maxFailuresPerMinute = maxFailuresPerMinute <= 0 ? 20 : maxFailuresPerMinute;
            defaultLimits = defaultLimits == null ? new Limits(null, null, null) : defaultLimits;
            limitsStore = limitsStore == null ? LimitsStore.DATABASE : limitsStore;
        }
    }

    /** Where key limits are counted. */
    public enum LimitsStore {
        /** in the shared database: a key's limits hold across all replicas (memory while it is unreachable) */
        DATABASE,
        /** in each replica's memory: with N replicas a key gets up to N times its limits */
        MEMORY
    }

    /** @param databaseDownAfter readiness goes down once the usage database has been unreachable this long */
    public record HealthSettings(Duration databaseDownAfter) {
        public HealthSettings {
            databaseDownAfter = databaseDownAfter == null ? Duration.ofSeconds(60) : databaseDownAfter;
        }
    }

    /** Limits of a client key; null: unlimited. */
    public record Limits(Integer requestsPerMinute, Long tokensPerMinute, Long tokensPerDay) {
        public boolean any() {
            return requestsPerMinute != null || tokensPerMinute != null || tokensPerDay != null;
        }
    }

    /** @param token the admin API's bearer token; none (the default) disables the admin API */
    public record Admin(String token) {
        @Override
        public String toString() {
            return "Admin[token=" + (token == null || token.isBlank() ? "unset" : "***") + "]";
        }
    }

    /**
     * @param queueSize      records held in memory for the database; beyond them records go straight to the spool
     * @param batchSize      records per insert transaction
     * @param flushInterval  longest a record waits for its batch to fill
     * @param spoolDir       where records the database did not take are kept until it does
     * @param replayInterval how often the spool is offered to the database again
     */
    public record Usage(int queueSize, int batchSize, Duration flushInterval, String spoolDir, Duration replayInterval) {
        public Usage {
            queueSize = queueSize <= 0 ? 10_000 : queueSize;
            batchSize = batchSize <= 0 ? 200 : batchSize;
            flushInterval = flushInterval == null ? Duration.ofMillis(200) : flushInterval;
            spoolDir = spoolDir == null ? "data" : spoolDir;
            replayInterval = replayInterval == null ? Duration.ofSeconds(10) : replayInterval;
        }
    }

    /**
     * @param maxAttempts   provider attempts per request at most, retries included (0: one per candidate and retry)
     * @param maxRetryAfter a provider's {@code retry-after} up to this long is waited out before retrying it;
     *                      a longer one moves on to the next provider at once
     */
    public record Failover(int maxAttempts, Duration maxRetryAfter) {
        public Failover {
            maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(2) : maxRetryAfter;
        }
    }

    /**
     * @param pingInterval  a {@code ping} event is sent whenever the stream has been quiet this long; a client that
     *                      left is noticed by the second write after it left, so within two intervals
     * @param idleTimeout   a provider that sends nothing this long mid-stream is cut off (an error event ends it)
     * @param maxConcurrent streams open at once before new ones get a retryable 529; 0 derives it from the heap
     */
    public record Stream(Duration pingInterval, Duration idleTimeout, int maxConcurrent) {
        public Stream {
            pingInterval = pingInterval == null ? Duration.ofMillis(400) : pingInterval;
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(120) : idleTimeout;
        }
    }
}
