package dev.dromedary.web;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamHttpClientTest {

    @Test
    void theRequestBodyIsLetGoOnceTheAnswerHasBegunWhileTheAnswerIsStillOpen() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] got = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(("received " + got.length).getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        HttpClientBuilder builder = HttpClientBuilder.create();
        new UpstreamHttpClient().configureHttpClient(builder);
        HttpPost post = new HttpPost("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
        post.setEntity(new ByteArrayEntity(new byte[50_000], ContentType.APPLICATION_JSON));
        try (CloseableHttpClient client = builder.build();
             ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            assertThat(post.getEntity()).as("the 50 KB body, held by the open answer's connection before").isNull();
            assertThat(new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("received 50000");
        } finally {
            server.stop(0);
        }
    }
}
