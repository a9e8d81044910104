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
    }
}
