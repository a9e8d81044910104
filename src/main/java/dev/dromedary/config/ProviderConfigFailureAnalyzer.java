package dev.dromedary.config;

import dev.dromedary.provider.ProviderConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad provider.json into Spring Boot's short "APPLICATION FAILED TO START" report, without a stack trace. */
public class ProviderConfigFailureAnalyzer extends AbstractFailureAnalyzer<ProviderConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProviderConfigException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix provider.json (or point PROVIDER_CONFIG_PATH at a valid file) and start again.", cause);
    }
}
