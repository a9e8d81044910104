package dev.dromedary.web;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * How every provider endpoint's HttpClient behaves. HttpClient would otherwise retry 429 and 503 answers on its
 * own, hidden from the routes, whose retry, failover and breaker decisions need to see each answer.
 */
@Component("upstreamHttpClient")
public class UpstreamHttpClient implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling();
    }
}
