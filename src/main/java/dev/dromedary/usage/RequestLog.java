package dev.dromedary.usage;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line per finished Messages request, from its usage record: request id, key, model, provider, status,
 * tokens, time to first token and duration, as text and as key-value pairs, which Spring Boot's structured logging
 * ({@code logging.structured.format.console=logstash} or {@code ecs}) turns into JSON fields. Logger
 * {@code dromedary.requests}; set it to WARN to silence the lines.
 */
@Component("requestLog")
public class RequestLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("dromedary.requests");

    @Override
    public void process(Exchange exchange) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        RequestRecord r = exchange.getMessage().getBody(RequestRecord.class);
        LOG.atInfo()
                .addKeyValue("request_id", r.requestId())
                .addKeyValue("key_id", r.keyId())
                .addKeyValue("model", r.requestedModel())
                .addKeyValue("provider", r.provider())
                .addKeyValue("upstream_model", r.upstreamModel())
                .addKeyValue("status", r.status())
                .addKeyValue("error_type", r.errorType())
                .addKeyValue("streaming", r.streaming())
                .addKeyValue("input_tokens", r.inputTokens())
                .addKeyValue("output_tokens", r.outputTokens())
                .addKeyValue("cache_read_tokens", r.cacheReadTokens())
                .addKeyValue("ttft_ms", r.ttftMillis())
                .addKeyValue("duration_ms", r.durationMillis())
                .addKeyValue("attempts", r.attempts().size())
                .log("{} {} {} -> {} ({}) {}{} in={} out={} cached={}{} {} ms{}{}", r.requestId(),
                        r.keyId() == null ? "-" : r.keyId(), r.requestedModel(), r.provider(), r.upstreamModel(),
                        r.status(), r.errorType() == null ? "" : " " + r.errorType(), r.inputTokens(),
                        r.outputTokens(), r.cacheReadTokens(), r.ttftMillis() == null ? "" : " ttft=" + r.ttftMillis() + "ms",
                        r.durationMillis(), r.attempts().size() > 1 ? " after " + r.attempts().size() + " attempts" : "",
                        r.clientDisconnected() ? " (client left)" : "");
    }
}
