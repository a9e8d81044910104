package dev.dromedary.routefiles;

import dev.dromedary.config.DromedaryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Has {@link RouteFiles} read the routes directory every {@code dromedary.routes.poll-interval} and apply what
 * changed. Polling contents rather than watching file events: Kubernetes updates a mounted ConfigMap by
 * swapping its {@code ..data} symlink, which a watch on the files themselves does not report, and some network
 * file systems report nothing at all. A file counts once it reads the same twice in a row, so one being written
 * (or briefly gone, as some editors save) is never applied half-way.
 */
@Component
public class RouteDirectoryWatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RouteDirectoryWatcher.class);

    private final RouteFiles files;
    private final RouteDirectory directory;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    /** The directory as the previous poll read it; null before the first. */
    private Map<String, String> previous;
    private final java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Not the CamelContext itself: Spring starts the lifecycle beans a {@code SmartLifecycle} depends on with it,
     * which would start Camel before camel-spring-boot has added any route.
     */
    public RouteDirectoryWatcher(RouteFiles files, RouteDirectory directory, DromedaryProperties props) {
        this.files = files;
        this.directory = directory;
        this.interval = props.routes().pollInterval();
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Routes directory {} is not watched (dromedary.routes.poll-interval={})", directory.path(), interval);
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "route-files-watcher");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Watching routes directory {} every {}", directory.path(), interval);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("Reading the routes directory {} failed", directory.path(), e);
        }
    }

    /** One look at the directory. */
    void poll() {
        if (files.running()) {
            previous = files.sync(previous);
        }
        polls.incrementAndGet();
    }

    /** How many looks at the directory have been completed. */
    public long polls() {
        return polls.get();
    }
}
