package dev.dromedary.config;

import dev.dromedary.web.DirectPlatformHttpEngine;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.concurrent.Executors;

@Configuration(proxyBeanMethods = false)
public class PlatformHttpConfig {

    /** Replaces the starter's engine (it backs off when this bean exists). */
    @Bean(name = "platform-http-engine")
    public PlatformHttpEngine platformHttpEngine(Environment env) {
        return new DirectPlatformHttpEngine(env.getProperty("server.port", Integer.class, 8080),
                Executors.newVirtualThreadPerTaskExecutor());
    }
}
