package dev.dromedary.web;

import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** How request bodies reach the routes. */
class DromedaryHttpBindingTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final DromedaryHttpBinding binding = new DromedaryHttpBinding(messagesEndpoint());
    private final Message message = new DefaultExchange(camel).getIn();

    /** As routes/messages.camel.yaml declares it: the body as a stream, not through a reader. */
    private PlatformHttpEndpoint messagesEndpoint() {
        var endpoint = new PlatformHttpEndpoint("platform-http:/v1/messages", "/v1/messages",
                new PlatformHttpComponent(camel));
        endpoint.setUseStreaming(true);
        return endpoint;
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    /**
     * A body of declared length arrives whole, as a stream cache, which the routes' stream caching takes as it is
     * (a byte array would cost a type-converter lookup per request, which allocates as much as the copy it saves).
     */
    @Test
    void aBodyOfDeclaredLengthArrivesAsAStreamCacheOfExactlyItsBytes() throws Exception {
        byte[] body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        MockHttpServletRequest request = post("application/json", body);

        Object parsed = binding.parseBody(request, message);

        assertThat(parsed).isInstanceOf(StreamCache.class);
        assertThat(((InputStream) parsed).readAllBytes()).isEqualTo(body);
    }

    @Test
    void aBodyOverTheDirectLimitStillArrivesWhole() throws Exception {
        byte[] body = new byte[DromedaryHttpBinding.DIRECT_BODY_LIMIT + 1];
        Arrays.fill(body, (byte) 'x');
        MockHttpServletRequest request = post("application/json", body);

        Object parsed = camel.getTypeConverter().convertTo(byte[].class, binding.parseBody(request, message));

        assertThat(parsed).isEqualTo(body);
    }

    private static MockHttpServletRequest post(String type, byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/messages");
        request.setContentType(type);
        request.setContent(body);
        return request;
    }
}
