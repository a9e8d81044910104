package dev.dromedary.routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The small endpoints clients probe: model list, connectivity check and service info. */
@Component
public class InfoRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/v1/models?httpMethodRestrict=GET").routeId("anthropic-models")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("authenticateClient")
                .process("listModels");

        from("platform-http:/api/hello?httpMethodRestrict=GET,HEAD").routeId("api-hello")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("apiHello");

        from("platform-http:/?httpMethodRestrict=GET").routeId("service-info")
                .routeConfigurationId(AnthropicApiConfiguration.ID)
                .process("serviceInfo");
    }
}
