package dev.dromedary.provider;

/** provider.json cannot be used; the message names the file, the provider and the key. */
public class ProviderConfigException extends RuntimeException {

    public ProviderConfigException(String message) {
        super(message);
    }

    public ProviderConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
