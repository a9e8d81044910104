package dev.dromedary.web;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.stereotype.Component;

/**
 * How every provider endpoint's HttpClient behaves. HttpClient would otherwise retry 429 and 503 answers on its
 * own, hidden from the routes, whose retry, failover and breaker decisions need to see each answer. Connections
 * idle for a minute are closed: after a burst of streams the pool would otherwise keep every one of them (a socket,
 * buffers and, for https, TLS state each) until the provider closes it.
 * <p>
 * The request body is let go once the provider's answer has begun: HttpClient keeps the request (for cancelling
 * it) as long as the answer's stream is open, so a stream would otherwise hold the whole converted conversation,
 * 50 KB to megabytes from Claude Code, for minutes (bench/RESULTS.md, step 18). A stream's connection reads
 * without a socket timeout once the stream has begun ({@link UntimedEventStreams}).
 */
@Component("upstreamHttpClient")
public class UpstreamHttpClient implements HttpClientConfigurer {

    static final TimeValue IDLE = TimeValue.ofMinutes(1);

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling()
                .evictIdleConnections(IDLE)
                .setRequestExecutor(new UntimedEventStreams())
                .addExecInterceptorFirst("dromedary-release-request-body", (request, scope, chain) -> {
                    ClassicHttpResponse response = chain.proceed(request, scope);
                    // outermost: nothing in the chain sends the request again once it has returned
                    scope.originalRequest.setEntity(null);
                    return response;
                });
    }
}
