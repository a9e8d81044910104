package dev.dromedary.provider;

import dev.dromedary.api.Json;
import dev.dromedary.config.DromedaryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The provider set in force, loaded from provider.json at start-up. */
@Component
public class ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final AtomicReference<ProviderSet> current = new AtomicReference<>();
    private final AtomicReference<ModelRouter> router = new AtomicReference<>();
    private final Instant loadedAt = Instant.now();

    public ProviderRegistry(DromedaryProperties props, Environment env) {
        Path file = Path.of(props.providerConfig());
        ProviderConfigLoader loader = new ProviderConfigLoader(Json.MAPPER, new EnvExpander(env::getProperty));
        if (!Files.exists(file) && env.getProperty("PROVIDER_CONFIG_PATH") == null
                && props.providerConfig().equals("provider.json")) {
            LOG.warn("No provider.json in {}: starting with no provider; every request will say what to set",
                    Path.of("").toAbsolutePath());
            use(ProviderSet.empty(file.toString()), props);
            return;
        }
        ProviderSet set = loader.load(file);
        use(set, props);
        for (ProviderConfig p : set.providers()) {
            if (p.enabled() && p.skipReason() != null) {
                LOG.warn("Provider '{}' skipped: {}", p.name(), p.skipReason());
            }
        }
        LOG.info("Loaded {} provider(s) from {}; usable: {}", set.providers().size(), file,
                set.usable().stream().map(ProviderConfig::name).toList());
        if (set.usable().isEmpty()) {
            LOG.warn("No usable provider: requests will be answered with an error saying what to set");
        }
    }

    private void use(ProviderSet set, DromedaryProperties props) {
        current.set(set);
        router.set(new ModelRouter(set, props.defaultTier()));
    }

    /** Routing for the provider set in force. */
    public ModelRouter router() {
        return router.get();
    }

    public ProviderSet current() {
        return current.get();
    }

    public Instant loadedAt() {
        return loadedAt;
    }
}
