package dev.dromedary.config;

import dev.dromedary.convert.TokenCounter;
import dev.dromedary.stream.PingTicker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared objects of the request path that are not Camel processors. */
@Configuration(proxyBeanMethods = false)
public class BridgeBeans {

    @Bean
    public TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    @Bean(destroyMethod = "close")
    public PingTicker pingTicker(DromedaryProperties props) {
        return new PingTicker(props.stream().pingInterval(), props.stream().idleTimeout());
    }
}
