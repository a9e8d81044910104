package dev.dromedary.config;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat sized for thousands of long-lived streams: each open connection keeps its socket buffers, so they are
 * half the default (a stream event is a few hundred bytes; larger writes simply take two rounds).
 */
@Configuration(proxyBeanMethods = false)
public class TomcatConfig {

    static final String SOCKET_BUFFER = "4096";

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> streamFriendlyTomcat() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", SOCKET_BUFFER);
            connector.setProperty("socket.appWriteBufSize", SOCKET_BUFFER);
        });
    }
}
