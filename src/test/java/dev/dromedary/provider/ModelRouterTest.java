package dev.dromedary.provider;

import dev.dromedary.api.Json;
import dev.dromedary.error.BridgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRouterTest {

    /** primary (1) serves every tier; backup (2) only big and small and lists "gpt-4.1" exactly. */
    static final String TWO_PROVIDERS = """
            {"providers":[
              {"name":"backup","priority":2,"base_url":"http://backup/v1",
               "models":{"big":["backup-big","gpt-4.1"],"small":["backup-small"]}},
              {"name":"primary","priority":1,"base_url":"http://primary/v1",
               "models":{"big":["primary-big"],"middle":["primary-mid","primary-mid-2"],"small":["primary-small"]}}]}""";

    static ProviderSet set(String json, Map<String, String> env) {
        return new ProviderConfigLoader(Json.MAPPER, new EnvExpander(env::get)).parse("provider.json", json);
    }

    static ProviderSet set(String json) {
        return set(json, Map.of());
    }

    @Test
    void exactModelListedByALowerPriorityProviderWinsOverTier() {
        ModelRoute route = ModelRouter.route(set(TWO_PROVIDERS), "gpt-4.1", Tier.MIDDLE);

        assertThat(route.provider().name()).isEqualTo("backup");
        assertThat(route.upstreamModel()).isEqualTo("gpt-4.1");
        assertThat(route.tier()).isEqualTo(Tier.BIG);
        // the provider route's id and endpoint, computed once with the routes rather than per request
        assertThat(route.routeId()).isEqualTo("provider-backup");
        assertThat(route.endpointUri()).isEqualTo("direct:provider-backup?block=false");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "claude-haiku-4-5-20251001, SMALL, primary-small",
            "claude-3-5-HAIKU-latest,   SMALL, primary-small",
            "claude-sonnet-4-5,         MIDDLE, primary-mid",
            "Claude-Sonnet-4.5,         MIDDLE, primary-mid",
            "claude-opus-4-1,           BIG,   primary-big",
            "CLAUDE-OPUS-5-5,           BIG,   primary-big",
    })
    void claudeFamilyPicksTheTierCaseInsensitively(String requested, Tier tier, String upstream) {
        ModelRoute route = ModelRouter.route(set(TWO_PROVIDERS), requested, Tier.SMALL);

        assertThat(route.tier()).isEqualTo(tier);
        assertThat(route.provider().name()).isEqualTo("primary");
        assertThat(route.upstreamModel()).isEqualTo(upstream);
    }

    @Test
    void otherNamesUseTheDefaultTier() {
        assertThat(ModelRouter.route(set(TWO_PROVIDERS), "my-big-model", Tier.MIDDLE).upstreamModel())
                .isEqualTo("primary-mid");
        assertThat(ModelRouter.route(set(TWO_PROVIDERS), "gpt-5", Tier.BIG).upstreamModel())
                .isEqualTo("primary-big");
    }

    @Test
    void firstUsableProviderByPriorityThatHasTheTierServesIt() {
        String json = """
                {"providers":[
                  {"name":"small-only","priority":1,"base_url":"http://a/v1","models":{"small":["s"]}},
                  {"name":"has-middle","priority":3,"base_url":"http://b/v1","models":{"middle":["m3"]}},
                  {"name":"also-middle","priority":2,"base_url":"http://c/v1","models":{"middle":["m2"]}}]}""";

        ModelRoute route = ModelRouter.route(set(json), "claude-sonnet-4-5", Tier.BIG);

        assertThat(route.provider().name()).isEqualTo("also-middle");
        assertThat(route.upstreamModel()).isEqualTo("m2");
    }

    @Test
    void disabledAndSkippedProvidersAreNeverChosen() {
        String json = """
                {"providers":[
                  {"name":"off","enabled":false,"priority":1,"base_url":"http://a/v1","models":{"middle":["off-m","exact"]}},
                  {"name":"nokey","priority":2,"api_key":"${NOKEY_API_KEY}","base_url":"http://b/v1",
                   "models":{"middle":["nokey-m","exact"]}},
                  {"name":"last","priority":9,"base_url":"http://c/v1","models":{"middle":["last-m"]}}]}""";

        assertThat(ModelRouter.route(set(json), "claude-sonnet-4-5", Tier.MIDDLE).provider().name()).isEqualTo("last");
        assertThat(ModelRouter.route(set(json), "exact", Tier.MIDDLE).provider().name()).isEqualTo("last");
        assertThat(ModelRouter.route(set(json), "exact", Tier.MIDDLE).upstreamModel()).isEqualTo("last-m");
    }

    @Test
    void noUsableProviderIs404NamingTheMissingVariable() {
        String json = """
                {"providers":[
                  {"name":"openrouter","priority":1,"api_key":"${OPENROUTER_API_KEY}","base_url":"https://openrouter.ai/api/v1",
                   "models":{"middle":["m"]}},
                  {"name":"vllm","enabled":false,"base_url":"http://localhost:8000/v1","models":{"middle":["m"]}}]}""";

        assertThatThrownBy(() -> ModelRouter.route(set(json), "claude-sonnet-4-5", Tier.MIDDLE))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorType()).isEqualTo("not_found_error");
                })
                .hasMessageContaining("OPENROUTER_API_KEY")
                .hasMessageContaining("vllm: disabled")
                .hasMessageContaining("provider.json");
    }

    @Test
    void noProviderServingTheTierIs404SayingWhereToListIt() {
        String json = """
                {"providers":[{"name":"a","base_url":"http://a/v1","models":{"small":["s"]}}]}""";

        assertThatThrownBy(() -> ModelRouter.route(set(json), "claude-opus-4-1", Tier.MIDDLE))
                .isInstanceOfSatisfying(BridgeException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("claude-opus-4-1")
                .hasMessageContaining("models.big");
    }

    @Test
    void noProviderConfiguredIs404SayingWhereToAddOne() {
        assertThatThrownBy(() -> ModelRouter.route(ProviderSet.empty("provider.json"), "claude-sonnet-4-5",
                Tier.MIDDLE))
                .isInstanceOfSatisfying(BridgeException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("No provider is configured").hasMessageContaining("provider.json");
    }

    @Test
    void tierFromModelName() {
        assertThat(Tier.fromModelName("claude-3-haiku")).isEqualTo(Tier.SMALL);
        assertThat(Tier.fromModelName("x-SONNET")).isEqualTo(Tier.MIDDLE);
        assertThat(Tier.fromModelName("Opus")).isEqualTo(Tier.BIG);
        assertThat(Tier.fromModelName("gpt-4.1")).isNull();
        assertThat(Tier.parse(" Middle ")).isEqualTo(Tier.MIDDLE);
    }

    @Test
    void weightedStrategyPutsEachProviderFirstInProportionToItsWeight() {
        ProviderSet weighted = set("""
                {"providers":[
                  {"name":"heavy","priority":1,"weight":3,"base_url":"http://h/v1","models":{"big":["h1","h2"]}},
                  {"name":"light","priority":2,"base_url":"http://l/v1","models":{"big":["l1"]}}],
                 "fallback_strategy":"weighted"}""");
        ModelRouter router = new ModelRouter(weighted, Tier.MIDDLE, new java.util.Random(42));

        int heavyFirst = 0;
        for (int i = 0; i < 4000; i++) {
            java.util.List<String> order = router.candidates("claude-opus-4-1", null).stream()
                    .map(ModelRoute::upstreamModel).toList();
            assertThat(order).as("every candidate once, a provider's models together and in order")
                    .isIn(java.util.List.of("h1", "h2", "l1"), java.util.List.of("l1", "h1", "h2"));
            heavyFirst += order.getFirst().equals("h1") ? 1 : 0;
        }
        // weight 3 against 1: first three times in four
        assertThat(heavyFirst / 4000.0).isBetween(0.72, 0.78);
    }

    @Test
    void unknownStrategyAndWeightBelowOneAreRejectedWithTheKey() {
        assertThatThrownBy(() -> set("""
                {"providers":[{"name":"a","base_url":"http://a","models":{"big":["m"]}}],"fallback_strategy":"random"}"""))
                .hasMessageContaining("fallback_strategy").hasMessageContaining("weighted");
        assertThatThrownBy(() -> set("""
                {"providers":[{"name":"a","weight":0,"base_url":"http://a","models":{"big":["m"]}}]}"""))
                .hasMessageContaining("provider 'a'").hasMessageContaining("weight");
    }
}
