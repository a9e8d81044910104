package dev.dromedary.config;

import dev.dromedary.DromedaryApplication;
import dev.dromedary.provider.ProviderConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken provider.json stops start-up with a message that says where the fault is. */
class ProviderConfigStartupTest {

    @TempDir
    Path dir;

    private Throwable startWith(String providerJson) throws Exception {
        Path file = dir.resolve("provider.json");
        Files.writeString(file, providerJson);
        Throwable[] failure = new Throwable[1];
        assertThatThrownBy(() -> new SpringApplicationBuilder(DromedaryApplication.class)
                .run("--server.port=0", "--dromedary.provider-config=" + file).close())
                .satisfies(t -> failure[0] = t);
        return failure[0];
    }

    @Test
    void missingKeyNamesFileProviderAndKey() throws Exception {
        Throwable failure = startWith("""
                {"providers":[{"name":"acme","models":{"middle":["m"]}}]}
                """);

        ProviderConfigException cause = rootCause(failure);
        assertThat(cause.getMessage()).contains("provider.json").contains("acme").contains("base_url");
        FailureAnalysis analysis = new ProviderConfigFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).isEqualTo(cause.getMessage());
        assertThat(analysis.getAction()).contains("PROVIDER_CONFIG_PATH");
    }

    @Test
    void malformedJsonNamesFileAndPosition() throws Exception {
        Throwable failure = startWith("{\"providers\": [ {\"name\": \"a\", } ]}");

        assertThat(rootCause(failure).getMessage()).contains("provider.json").contains("malformed JSON")
                .contains("line 1");
    }

    private static ProviderConfigException rootCause(Throwable t) {
        Throwable current = t;
        while (current != null && !(current instanceof ProviderConfigException)) {
            current = current.getCause();
        }
        assertThat(current).as("caused by ProviderConfigException: " + t).isNotNull();
        return (ProviderConfigException) current;
    }
}
