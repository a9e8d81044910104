package dev.dromedary.web;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * A provider that sends one event and then nothing: a stream asked for reads on past the provider's timeout
     * (its relay bounds the silence instead), anything else still times out.
     */
    @ParameterizedTest
    @CsvSource({
            "text/event-stream, text/event-stream, false",
            "text/event-stream; charset=utf-8, text/event-stream, false",
            "text/event-stream, application/json, true",
            "application/json, text/event-stream, true"})
    void onlyAStreamThatWasAskedForReadsWithoutTheSocketTimeout(String answered, String accept, boolean timesOut)
            throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", answered);
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("data: {}\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                // the provider stays silent for a second, past the 300 ms timeout, then ends its answer; a client
                // that timed out releases it at once
                done.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        HttpClientBuilder builder = HttpClientBuilder.create().setDefaultRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(300)).build());
        new UpstreamHttpClient().configureHttpClient(builder);
        HttpPost post = new HttpPost("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
        post.setHeader("Accept", accept);
        post.setEntity(new ByteArrayEntity(new byte[10], ContentType.APPLICATION_JSON));
        CloseableHttpClient client = builder.build();
        try {
            // not closed: closing an answer reads it to its end, and a timed-out one is broken
            InputStream body = client.executeOpen(null, post, null).getEntity().getContent();
            body.readNBytes(10);
            long t0 = System.nanoTime();
            if (timesOut) {
                assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class);
            } else {
                assertThat(body.read()).as("the end of the answer, a second later").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(600));
            }
        } finally {
            client.close(CloseMode.IMMEDIATE);
            done.countDown();
            server.stop(0);
        }
    }
}
