package dev.dromedary.web;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;

import java.util.concurrent.Executor;

/** Creates {@link DirectPlatformHttpConsumer}s; replaces the starter's engine (same bean name). */
public class DirectPlatformHttpEngine implements PlatformHttpEngine {

    private final int port;
    private final Executor executor;

    public DirectPlatformHttpEngine(int port, Executor executor) {
        this.port = port;
        this.executor = executor;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new DirectPlatformHttpConsumer(endpoint, processor, executor);
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
