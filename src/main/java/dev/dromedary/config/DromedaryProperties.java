package dev.dromedary.config;

import dev.dromedary.provider.Tier;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings under {@code dromedary.*}.
 *
 * @param providerConfig path of provider.json
 * @param defaultTier    tier for model names that name no Claude family and no listed model
 * @param connectTimeout TCP connect timeout towards providers
 * @param stream         streaming settings
 */
@ConfigurationProperties(prefix = "dromedary")
public record DromedaryProperties(String providerConfig, Tier defaultTier, Duration connectTimeout, Stream stream) {

    public DromedaryProperties {
        providerConfig = providerConfig == null ? "provider.json" : providerConfig;
        defaultTier = defaultTier == null ? Tier.MIDDLE : defaultTier;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        stream = stream == null ? new Stream(null, 0) : stream;
    }

    /**
     * @param pingInterval  a {@code ping} event is sent whenever the stream has been quiet this long
     * @param maxConcurrent streams open at once before new ones get a retryable 529; 0 derives it from the heap
     */
    public record Stream(Duration pingInterval, int maxConcurrent) {
        public Stream {
            pingInterval = pingInterval == null ? Duration.ofSeconds(5) : pingInterval;
        }
    }
}
