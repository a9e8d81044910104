package dev.dromedary.web;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * platform-http's header filter, but letting {@code Cache-Control} out: an event stream must say
 * {@code no-cache} so that no proxy buffers or stores it.
 */
@Component("dromedaryHeaderFilter")
public class DromedaryHeaderFilter extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
