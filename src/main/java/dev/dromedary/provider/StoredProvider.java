package dev.dromedary.provider;

/**
 * A provider as the admin API stored it (table {@code provider_override}).
 *
 * @param definition   its provider.json object without {@code api_key}; null: only {@code enabled} or
 *                     {@code deleted} applies to the provider of provider.json
 * @param apiKeySealed its key, sealed by {@code SecretBox}; null: the definition's own {@code api_key}, if any
 * @param enabled      overrides the definition's {@code enabled}; null: as defined
 * @param deleted      hides the provider of provider.json with this name
 */
public record StoredProvider(String name, String definition, String apiKeySealed, Boolean enabled, boolean deleted,
                             String updatedAt, String updatedBy) {

    @Override
    public String toString() {
        return "StoredProvider[name=" + name + ", enabled=" + enabled + ", deleted=" + deleted + "]";
    }
}
