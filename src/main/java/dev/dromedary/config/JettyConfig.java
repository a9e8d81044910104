package dev.dromedary.config;

import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jetty sized for thousands of long-lived streams. Jetty is the servlet container because it takes buffers from a
 * pool only while it reads or writes: measured in bench/RESULTS.md, an open stream held 46 KB of heap on Jetty
 * against 197 KB on Tomcat, whose every request keeps its own fixed byte and char buffers.
 */
@Configuration(proxyBeanMethods = false)
public class JettyConfig {

    /** Thousands of clients may connect at once (one connection per stream); Java's default backlog is 50. */
    static final int ACCEPT_QUEUE = 4096;
    /**
     * Jetty's virtual-thread pool still caps how many requests run at once (200 by default) and Spring Boot does
     * not pass {@code server.jetty.threads.max} on to it. A stream gives its request's thread back once its answer
     * has started (the relay goes on on a thread of its own), but a burst of streams still holds one each until then.
     */
    static final int MAX_CONCURRENT_REQUESTS = 20_000;
    /**
     * The buffer a connection reads its request into (direct memory, from Jetty's pool), 8 KB by default. A burst of
     * 2000 streams holds one per connection until its request is parsed: 16 MB of the peak RSS, against 9 MB with
     * 2 KB (bench/RESULTS.md, step 18). Jetty's parser carries headers and bodies across buffers, so a request still
     * may be larger; a body of 50 KB takes 25 reads instead of 7.
     */
    static final int INPUT_BUFFER = 2048;

    @Bean
    public WebServerFactoryCustomizer<JettyServletWebServerFactory> streamFriendlyJetty() {
        return factory -> factory.addServerCustomizers(server -> {
            if (server.getThreadPool() instanceof VirtualThreadPool pool) {
                pool.setMaxThreads(MAX_CONCURRENT_REQUESTS);
            }
            for (var connector : server.getConnectors()) {
                if (connector instanceof ServerConnector sc) {
                    sc.setAcceptQueueSize(ACCEPT_QUEUE);
                    HttpConnectionFactory http = sc.getConnectionFactory(HttpConnectionFactory.class);
                    if (http != null) {
                        http.setInputBufferSize(INPUT_BUFFER);
                    }
                }
            }
        });
    }
}
