package dev.dromedary.usage;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Writes the usage records still queued when the service shuts down. It stops after the web server's graceful
 * shutdown has let the last requests finish (their records are queued by then) and before Camel stops its routes:
 * a signal through the queue, behind every record, completes the batch being gathered and waits until it is
 * written (or spooled). Camel's own forced completion on stop cannot do this: by then the routes refuse new work.
 */
@Component
public class UsageDrain implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(UsageDrain.class);
    /** After the web server's graceful shutdown (MAX_VALUE − 1024), before Camel stops (MAX_VALUE − 2049). */
    static final int PHASE = Integer.MAX_VALUE - 1536;

    private final ProducerTemplate template;
    private final UsageRoutes routes;
    private volatile boolean running;

    public UsageDrain(@Lazy ProducerTemplate template, UsageRoutes routes) {
        this.template = template;
        this.routes = routes;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            template.requestBodyAndHeader(routes.queueUri(), "drain", Exchange.AGGREGATION_COMPLETE_ALL_GROUPS, true);
            LOG.info("Usage records drained to the database");
        } catch (RuntimeException e) {
            LOG.warn("Usage records not drained at shutdown ({}); the spool keeps what the database did not take",
                    e.getMessage());
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
