package dev.dromedary.routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The admin API: what operators and the admin console read. */
@Component
public class AdminRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/admin/api/providers?httpMethodRestrict=GET").routeId("admin-providers")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("providerStatus");

        from("platform-http:/admin/api/health?httpMethodRestrict=GET").routeId("admin-health")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("healthStatus");

        // statistics from the usage records; bad query parameters become Anthropic-shaped 400s
        from("platform-http:/admin/api/stats/requests?httpMethodRestrict=GET").routeId("admin-stats-requests")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("statsRequests");

        from("platform-http:/admin/api/stats/usage?httpMethodRestrict=GET").routeId("admin-stats-usage")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("statsUsage");

        from("platform-http:/admin/api/stats/summary?httpMethodRestrict=GET").routeId("admin-stats-summary")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("statsSummary");

        // client keys: create (the key is shown once), list (never the key), revoke
        from("platform-http:/admin/api/keys?httpMethodRestrict=GET,POST").routeId("admin-keys")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("clientKeysAdmin");

        from("platform-http:/admin/api/keys/{id}?httpMethodRestrict=DELETE").routeId("admin-key-revoke")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("clientKeysAdmin");
    }
}
