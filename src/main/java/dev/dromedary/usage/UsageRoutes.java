package dev.dromedary.usage;

import dev.dromedary.config.DromedaryProperties;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.springframework.stereotype.Component;

/**
 * Usage records from tap to database. A finished request's record (see {@link StartUsage}) is wire-tapped into a
 * bounded queue; one consumer gathers batches and inserts each in one transaction. A
 * batch the database does not take, and a record the full queue does not take, go to the {@link UsageSpool},
 * which is replayed into the database on start and every {@code replay-interval}. The request path never waits on
 * the database. These routes start first and stop last, inserts last of all, so that shutdown drains the queue.
 */
@Component
public class UsageRoutes extends RouteBuilder {

    /** Where {@link StartUsage} sends a copy of each finished request. */
    static final String RECORD = "direct:usage-record";
    static final String QUEUE_NAME = "usage-records";
    /** The records of the batch being written, as they came. */
    private static final String BATCH = "dromedaryUsageBatch";

    private final DromedaryProperties.Usage settings;

    public UsageRoutes(DromedaryProperties props) {
        this.settings = props.usage();
    }

    /** The bounded queue between the tap and the writer. */
    String queueUri() {
        return "seda:" + QUEUE_NAME + "?size=" + settings.queueSize() + "&blockWhenFull=false";
    }

    @Override
    public void configure() {
        String queue = queueUri();

        // the finished request's record, tapped off: the request thread only hands it over
        // the tap runs on the calling thread: it only offers the record to the bounded queue, and a hand-off to the
        // wire tap's default thread pool per request costs more than that offer
        from(RECORD).routeId("usage-record").startupOrder(15)
                .process("usageMetrics")
                .process("keyLimits")
                .process("requestLog")
                .wireTap("direct:usage-tap").executorService(new CallerRunsExecutor());

        from("direct:usage-tap").routeId("usage-tap").startupOrder(14)
                .doTry()
                    .to(queue)
                .doCatch(IllegalStateException.class)
                    // the queue is full: the record goes to disk rather than being dropped
                    .bean("usageSpool", "appendOne")
                .end();

        // batches are written on the thread that completes them (the queue's consumer, or the interval checker), so
        // the drain signal (UsageDrain) returns only after the last batch is written. An interval, not a timeout:
        // Camel's completion timeout waits for a pause in arrivals, so steady traffic below the batch size held
        // records back for as long as it lasted, and with them the token counts other replicas' limits read
        from(queue).routeId("usage-writer").startupOrder(13)
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                    .executorService(new CallerRunsExecutor())
                    .completionSize(settings.batchSize())
                    .completionInterval(settings.flushInterval().toMillis())
                    .forceCompletionOnStop()
                    .to("direct:usage-batch");

        // the insert turns the body into SQL parameters: a batch that fails after that must be spooled as records
        from("direct:usage-batch").routeId("usage-batch").startupOrder(12)
                .setProperty(BATCH, body())
                .doTry()
                    .to("direct:usage-insert")
                .doCatch(Exception.class)
                    .log(org.apache.camel.LoggingLevel.WARN, "Usage batch not written: ${exception.message}")
                    .setBody(exchangeProperty(BATCH))
                    .bean("usageSpool", "append")
                .end();

        // one transaction per batch; request ids already stored are skipped, so a replay never counts twice; the
        // tokens of keys with limits count against them in the same transaction (LimitTokens)
        from("direct:usage-insert").routeId("usage-insert").startupOrder(11)
                .transacted()
                .bean("limitTokens", "countNewRecords")
                .setBody(method("usageRows", "rows"))
                .to("sql:classpath:sql/usage-insert.sql?batch=true");

        from("timer:usage-spool-replay?delay=0&period=" + settings.replayInterval().toMillis())
                .routeId("usage-spool-replay")
                .bean("usageReplay");
    }

    /** Runs each task at once on the thread that submits it. */
    static final class CallerRunsExecutor extends java.util.concurrent.AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public java.util.List<Runnable> shutdownNow() {
            shutdown = true;
            return java.util.List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
        }
    }
}
