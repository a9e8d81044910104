package dev.dromedary.web;

import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * camel-http (the {@code http} and {@code https} schemes of the provider routes) with smaller connection buffers.
 * HttpClient gives every upstream connection an 8 KB input and an 8 KB output buffer when it opens, and the pool
 * keeps them with the idle connection: 16 KB per open stream, 32 MB of heap at 2000 streams, while an SSE chunk is
 * a few hundred bytes and request bodies larger than the buffer go to the socket directly anyway. Registered under
 * both schemes ({@link dev.dromedary.config.BridgeBeans}): Camel resolves {@code https} to a component of its own.
 */
public class UpstreamHttpComponent extends HttpComponent {

    /** Per connection and direction; a read of a larger answer is simply split into more socket reads. */
    static final int BUFFER_BYTES = 2048;

    @Override
    protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry,
            int maxTotalConnections, int connectionsPerRoute, SocketConfig socketConfig) {
        // as the component's own, but for the connection factory
        PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager(registry,
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMilliseconds(getConnectionTimeToLive()),
                null, null, ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(BUFFER_BYTES).build()).build());
        int maxTotal = maxTotalConnections > 0 ? maxTotalConnections : getMaxTotalConnections();
        if (maxTotal > 0) {
            manager.setMaxTotal(maxTotal);
        }
        int perRoute = connectionsPerRoute > 0 ? connectionsPerRoute : getConnectionsPerRoute();
        if (perRoute > 0) {
            manager.setDefaultMaxPerRoute(perRoute);
        }
        manager.setDefaultSocketConfig(socketConfig);
        return manager;
    }
}
