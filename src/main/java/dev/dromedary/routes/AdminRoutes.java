package dev.dromedary.routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The admin API: what operators and the admin console read. Each endpoint is one route and one named processor;
 * failures become Anthropic-shaped errors (bad query parameters 400s). {@code AdminAuthFilter} guards them all.
 */
@Component
public class AdminRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // providers: the list with breakers, and changes stored in the shared database
        admin("/admin/api/providers", "GET,POST", "admin-providers", "providersAdmin");
        admin("/admin/api/providers/{name}", "GET,PUT,DELETE", "admin-provider", "providersAdmin");
        admin("/admin/api/providers/{name}/enable", "POST", "admin-provider-enable", "providersAdmin");
        admin("/admin/api/providers/{name}/disable", "POST", "admin-provider-disable", "providersAdmin");
        admin("/admin/api/providers/{name}/history", "GET", "admin-provider-history", "providersAdmin");
        admin("/admin/api/health", "GET", "admin-health", "healthStatus");

        // statistics from the usage records
        admin("/admin/api/stats/requests", "GET", "admin-stats-requests", "statsRequests");
        admin("/admin/api/stats/usage", "GET", "admin-stats-usage", "statsUsage");
        admin("/admin/api/stats/summary", "GET", "admin-stats-summary", "statsSummary");

        // client keys: create (the key is shown once), list (never the key), revoke
        admin("/admin/api/keys", "GET,POST", "admin-keys", "clientKeysAdmin");
        admin("/admin/api/keys/{id}", "DELETE", "admin-key-revoke", "clientKeysAdmin");

        // the YAML routes: list, read, replace (validated first), delete, roll back, history (docs/routes.md)
        admin("/admin/api/routes", "GET", "admin-routes", "routesAdmin");
        admin("/admin/api/routes/{file}", "GET,PUT,DELETE", "admin-route-file", "routesAdmin");
        admin("/admin/api/routes/{file}/rollback", "POST", "admin-route-rollback", "routesAdmin");
        admin("/admin/api/routes/{file}/history", "GET", "admin-route-history", "routesAdmin");
    }

    private void admin(String path, String methods, String routeId, String processor) {
        from("platform-http:" + path + "?httpMethodRestrict=" + methods).routeId(routeId)
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process(processor);
    }
}
