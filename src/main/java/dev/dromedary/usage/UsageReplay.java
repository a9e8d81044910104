package dev.dromedary.usage;

import dev.dromedary.config.DromedaryProperties;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes spooled records to the database while it takes them; stops at the first failure, to retry later. */
@Component("usageReplay")
public class UsageReplay {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReplay.class);

    private final UsageSpool spool;
    private final ProducerTemplate template;
    private final int batchSize;

    public UsageReplay(UsageSpool spool, ProducerTemplate template, DromedaryProperties props) {
        this.spool = spool;
        this.template = template;
        this.batchSize = props.usage().batchSize();
    }

    public long replay() {
        try {
            return spool.replay(batchSize, batch -> {
                if (!batch.isEmpty()) {
                    template.requestBody("direct:usage-insert", batch);
                }
            });
        } catch (Exception e) {
            LOG.debug("Spooled usage records not replayed yet: {}", e.getMessage());
            return 0;
        }
    }
}
