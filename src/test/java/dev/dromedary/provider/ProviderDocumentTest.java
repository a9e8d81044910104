package dev.dromedary.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderDocumentTest {

    private static final String FILE = """
            {"providers":[{"name":"a","base_url":"http://a","models":{"big":["x"]}},
                          {"name":"b","base_url":"http://b","api_key":"${B_KEY}","models":{"big":["y"]}}],
             "fallback_strategy":"priority"}""";

    private static StoredProvider row(String name, String definition, String sealed, Boolean enabled, boolean deleted) {
        return new StoredProvider(name, definition, sealed, enabled, deleted, "2026-11-24T00:00:00Z", "admin@test");
    }

    private static JsonNode merged(List<StoredProvider> rows) throws Exception {
        return ProviderDocument.merge(Json.MAPPER, Json.MAPPER.readTree(FILE), rows, s -> "opened-" + s.name())
                .document();
    }

    @Test
    void aStoredDefinitionReplacesTheFilesProviderInPlaceAndNewOnesFollow() throws Exception {
        JsonNode doc = merged(List.of(
                row("b", "{\"base_url\":\"http://b2\",\"models\":{\"small\":[\"z\"]}}", "sealed", null, false),
                row("c", "{\"base_url\":\"http://c\",\"models\":{\"big\":[\"w\"]}}", null, false, false)));
        assertThat(doc.path("providers").findValuesAsText("name")).containsExactly("a", "b", "c");
        assertThat(doc.path("providers").get(1).path("base_url").asText()).isEqualTo("http://b2");
        assertThat(doc.path("providers").get(1).path("api_key").asText()).isEqualTo("opened-b");
        assertThat(doc.path("providers").get(2).path("enabled").asBoolean()).isFalse();
        assertThat(doc.path("fallback_strategy").asText()).isEqualTo("priority");
    }

    @Test
    void aDeletedRowHidesAndAnEnabledRowSwitchesTheFilesProvider() throws Exception {
        JsonNode doc = merged(List.of(row("a", null, null, null, true), row("b", null, null, false, false)));
        assertThat(doc.path("providers").findValuesAsText("name")).containsExactly("b");
        assertThat(doc.path("providers").get(0).path("enabled").asBoolean()).isFalse();
        assertThat(doc.path("providers").get(0).path("api_key").asText()).isEqualTo("${B_KEY}");
    }

    @Test
    void aKeyThatCannotBeOpenedIsReportedAndLeftOut() throws Exception {
        ProviderDocument.Merged m = ProviderDocument.merge(Json.MAPPER, null,
                List.of(row("c", "{\"base_url\":\"http://c\",\"models\":{\"big\":[\"w\"]}}", "sealed", null, false)),
                s -> {
                    throw new IllegalArgumentException("sealed with another key");
                });
        assertThat(m.unreadableKeys()).containsEntry("c", "sealed with another key");
        assertThat(m.document().path("providers").get(0).has("api_key")).isFalse();
    }
}
