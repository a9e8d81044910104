package dev.dromedary.config;

import dev.dromedary.convert.TokenCounter;
import dev.dromedary.stream.PingTicker;
import dev.dromedary.web.UpstreamHttpComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared objects of the request path that are not Camel processors. */
@Configuration(proxyBeanMethods = false)
public class BridgeBeans {

    @Bean
    public TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    /** The provider routes' {@code http:} endpoints. */
    @Bean("http")
    public UpstreamHttpComponent httpComponent() {
        return new UpstreamHttpComponent();
    }

    /** And their {@code https:} ones, which Camel would otherwise give a default HttpComponent of their own. */
    @Bean("https")
    public UpstreamHttpComponent httpsComponent() {
        return new UpstreamHttpComponent();
    }

    @Bean(destroyMethod = "close")
    public PingTicker pingTicker(DromedaryProperties props) {
        return new PingTicker(props.stream().pingInterval(), props.stream().idleTimeout());
    }
}
