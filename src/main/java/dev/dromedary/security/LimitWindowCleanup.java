package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Deletes limit windows no limit looks at any more, every ten minutes. Every replica does it; doing it twice is
 * harmless.
 */
@Component
public class LimitWindowCleanup extends RouteBuilder {

    private final boolean database;

    public LimitWindowCleanup(DromedaryProperties props) {
        this.database = props.auth().limitsStore() == DromedaryProperties.LimitsStore.DATABASE;
    }

    @Override
    public void configure() {
        if (database) {
            from("timer:key-limit-window-cleanup?delay=60000&period=600000").routeId("key-limit-window-cleanup")
                    .bean("databaseLimitWindows", "deleteOld");
        }
    }
}
