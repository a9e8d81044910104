package dev.dromedary.web;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class StartupGateTest {

    @Test
    void answersRetryable529UntilCamelHasStartedThenPassesThrough() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            StartupGate gate = new StartupGate(camel);

            MockHttpServletResponse early = new MockHttpServletResponse();
            MockFilterChain notReached = new MockFilterChain();
            gate.doFilter(new MockHttpServletRequest("POST", "/v1/messages"), early, notReached);
            assertThat(early.getStatus()).isEqualTo(529);
            assertThat(early.getHeader("retry-after")).isEqualTo("1");
            assertThat(early.getContentAsString()).contains("\"overloaded_error\"").contains("starting");
            assertThat(notReached.getRequest()).as("the request went no further").isNull();

            camel.start();
            MockHttpServletResponse later = new MockHttpServletResponse();
            MockFilterChain reached = new MockFilterChain();
            gate.doFilter(new MockHttpServletRequest("POST", "/v1/messages"), later, reached);
            assertThat(reached.getRequest()).isNotNull();
            assertThat(later.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void saysShuttingDownOnceSpringIsClosing() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            StartupGate gate = new StartupGate(camel);
            gate.onApplicationEvent(new org.springframework.context.event.ContextClosedEvent(
                    new org.springframework.context.support.GenericApplicationContext()));

            MockHttpServletResponse resp = new MockHttpServletResponse();
            gate.doFilter(new MockHttpServletRequest("POST", "/v1/messages"), resp, new MockFilterChain());
            assertThat(resp.getStatus()).isEqualTo(529);
            assertThat(resp.getContentAsString()).contains("shutting down");
        }
    }

    @Test
    void actuatorIsNeverGated() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            MockFilterChain chain = new MockFilterChain();
            new StartupGate(camel).doFilter(new MockHttpServletRequest("GET", "/actuator/health"),
                    new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).isNotNull();
        }
    }
}
