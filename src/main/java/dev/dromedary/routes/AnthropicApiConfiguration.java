package dev.dromedary.routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The policy every client-facing route shares (they name it with {@code routeConfigurationId}): any failure
 * becomes one Anthropic-shaped error answer. Provider routes do not use it, so their failures reach the caller,
 * where failover can act on them.
 */
@Component
public class AnthropicApiConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "anthropic-api";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                    .handled(true)
                    .process("anthropicError")
                .end();
    }
}
