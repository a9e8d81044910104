package dev.dromedary.it;

import dev.dromedary.web.UpstreamHttpComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider connections have 2 KB buffers ({@link UpstreamHttpComponent}): answers and stream chunks many times
 * that size still arrive whole, and every provider endpoint is built by that component.
 */
class UpstreamConnectionsTest extends BridgeTestBase {

    @Autowired
    CamelContext camel;

    /** Text that is not the same 2 KB over and over, so that a lost or repeated buffer would show. */
    private static String text(int chars) {
        StringBuilder b = new StringBuilder(chars + 16);
        for (int i = 0; b.length() < chars; i++) {
            b.append(i).append(' ');
        }
        return b.toString();
    }

    @Test
    void anAnswerManyBuffersLongArrivesWhole() throws Exception {
        String long300k = text(300_000);
        UPSTREAM.enqueue(FakeUpstream.completion(long300k, "stop"));

        HttpResponse<String> r = post("/v1/messages", request("claude-sonnet-4-5", false));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(parse(r.body()).path("content").path(0).path("text").asText()).isEqualTo(long300k);
    }

    @Test
    void aStreamChunkManyBuffersLongArrivesWhole() throws Exception {
        String long50k = text(50_000);
        UPSTREAM.enqueue(sse(list(textChunk("a"), textChunk(long50k), textChunk("z"), finish("stop"), DONE)));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> events = client.rest();
            String text = events.stream().filter(e -> e.type().equals("content_block_delta"))
                    .map(e -> e.data().path("delta").path("text").asText()).collect(Collectors.joining());

            assertThat(text).isEqualTo("a" + long50k + "z");
            assertThat(events.getLast().type()).isEqualTo("message_stop");
        }
    }

    @Test
    void everyProviderEndpointIsBuiltByTheLeanComponent() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("hi", "stop"));
        assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);

        List<HttpEndpoint> endpoints = camel.getEndpoints().stream().filter(e -> e instanceof HttpEndpoint)
                .map(e -> (HttpEndpoint) e).toList();
        assertThat(endpoints).isNotEmpty();
        assertThat(endpoints).allSatisfy(e -> assertThat(e.getComponent()).isInstanceOf(UpstreamHttpComponent.class));
    }

    @Test
    void httpsProvidersGetTheLeanComponentToo() throws Exception {
        // Camel resolves the https scheme to a component of its own
        HttpEndpoint https = camel.getEndpoint("https://127.0.0.1:1/v1/chat/completions", HttpEndpoint.class);

        try {
            assertThat(https.getComponent()).isInstanceOf(UpstreamHttpComponent.class);
            assertThat(camel.getComponent("https")).isNotSameAs(camel.getComponent("http"));
        } finally {
            camel.removeEndpoint(https);
        }
    }
}
