package dev.dromedary.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.security.BaseUrlGuard;
import dev.dromedary.security.SecretBox;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where providers come from: provider.json (re-read when its content changes; a mounted ConfigMap changes by a
 * symlink swap, so content is compared, not timestamps) and the providers stored through the admin API.
 */
@Component
public class ProviderSources {

    /** The two sources as read at one moment; {@link #fingerprint} tells whether anything changed since. */
    public record Snapshot(String fileText, List<StoredProvider> stored, String fingerprint) {
    }

    /**
     * A provider set built from a snapshot, with the names the admin API manages.
     *
     * @param document the merged provider.json document (stored keys opened: never shown as it is)
     * @param fileRoot the file's own document, or null without a file
     */
    public record Built(ProviderSet set, Set<String> adminManaged, JsonNode document, JsonNode fileRoot) {
    }

    private final Path file;
    private final boolean fileOptional;
    private final ProviderStore store;
    private final ProviderConfigLoader loader;
    private final SecretBox secrets;
    private final BaseUrlGuard guard;

    public ProviderSources(DromedaryProperties props, Environment env, ProviderStore store) {
        this.file = Path.of(props.providerConfig());
        // the shipped default path may be absent (start with no provider); an explicit path must exist
        this.fileOptional = env.getProperty("PROVIDER_CONFIG_PATH") == null
                && props.providerConfig().equals("provider.json");
        this.store = store;
        this.loader = new ProviderConfigLoader(Json.MAPPER, new EnvExpander(env::getProperty));
        String key = props.secrets().key();
        this.secrets = key == null || key.isBlank() ? null : SecretBox.fromBase64(key);
        this.guard = new BaseUrlGuard(props.providers().allowPrivateBaseUrls());
    }

    public Path file() {
        return file;
    }

    /** The AES-GCM box for provider keys, or null when {@code DROMEDARY_SECRETS_KEY} is unset. */
    public SecretBox secrets() {
        return secrets;
    }

    public BaseUrlGuard guard() {
        return guard;
    }

    /** Reads both sources; the database's rows only when {@code withStore} (at start it may not be up yet). */
    public Snapshot read(boolean withStore) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (!fileOptional) {
                throw new ProviderConfigException(file + ": file not found (set PROVIDER_CONFIG_PATH or create it)");
            }
            text = null;
        } catch (IOException e) {
            throw new ProviderConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<StoredProvider> stored = withStore ? store.list() : List.of();
        return new Snapshot(text, stored, fingerprint(text, stored));
    }

    /** The provider set of a snapshot; throws {@link ProviderConfigException} naming what is wrong. */
    public Built build(Snapshot s) {
        return build(s.fileText(), s.stored());
    }

    /** As {@link #build(Snapshot)}, for a candidate change of the stored providers. */
    public Built build(String fileText, List<StoredProvider> stored) {
        JsonNode fileRoot = null;
        if (fileText != null) {
            // the file on its own first: its errors then name the file, not the merged document
            loader.parse(file.toString(), fileText);
            fileRoot = tree(fileText);
        }
        ProviderDocument.Merged merged = ProviderDocument.merge(Json.MAPPER, fileRoot, stored, this::openKey);
        String source = stored.isEmpty() ? file.toString() : file + " + admin API";
        ProviderSet parsed = loader.parse(source, merged.document().toString());
        Set<String> admin = new TreeSet<>();
        stored.stream().filter(p -> p.definition() != null).forEach(p -> admin.add(p.name()));
        List<ProviderConfig> providers = parsed.providers().stream().map(p -> {
            if (merged.unreadableKeys().containsKey(p.name())) {
                return p.withSkipReason("its stored api_key cannot be decrypted ("
                        + merged.unreadableKeys().get(p.name()) + "): set the DROMEDARY_SECRETS_KEY it was stored with");
            }
            if (admin.contains(p.name()) && p.skipReason() == null) {
                String refused = guard.refusal(p.baseUrl());
                return refused == null ? p : p.withSkipReason(refused);
            }
            return p;
        }).toList();
        return new Built(new ProviderSet(source, providers, parsed.fallbackStrategy(), parsed.circuitBreaker()),
                admin, merged.document(), fileRoot);
    }

    private String openKey(StoredProvider p) {
        if (secrets == null) {
            throw new IllegalArgumentException("DROMEDARY_SECRETS_KEY is not set");
        }
        return secrets.open(p.apiKeySealed(), p.name());
    }

    private static JsonNode tree(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // parse() has reported it already
            throw new ProviderConfigException(e.getOriginalMessage());
        }
    }

    private static String fingerprint(String fileText, List<StoredProvider> stored) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(String.valueOf(fileText).getBytes(StandardCharsets.UTF_8));
            for (StoredProvider p : stored) {
                d.update((p.name() + '\0' + p.updatedAt() + '\0' + p.definition() + '\0' + p.apiKeySealed() + '\0'
                        + p.enabled() + '\0' + p.deleted()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
