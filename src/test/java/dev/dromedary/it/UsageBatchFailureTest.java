package dev.dromedary.it;

import dev.dromedary.usage.RequestRecord;
import dev.dromedary.usage.UsageSpool;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch the database refuses in the middle of its transaction — after the records were turned into SQL
 * parameters, as when the database goes away mid-insert — is spooled as the records it was. Its own context: the
 * refused record stays in the spool (replays are held off for the test's duration).
 */
@TestPropertySource(properties = "dromedary.usage.replay-interval=1h")
class UsageBatchFailureTest extends BridgeTestBase {

    @Autowired
    ProducerTemplate camel;
    @Autowired
    UsageSpool spool;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBatchRefusedMidTransactionIsSpooledWhole() {
        RequestRecord fine = record("req_fine_" + System.nanoTime());
        RequestRecord refused = record(null); // request_id is NOT NULL: the insert itself fails
        long before = spool.pending();

        camel.requestBody("direct:usage-batch", List.of(fine, refused));

        assertThat(spool.pending() - before).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM usage_request WHERE request_id = ?", Integer.class,
                fine.requestId())).as("one transaction: nothing of the batch is stored").isZero();
    }

    private static RequestRecord record(String requestId) {
        return new RequestRecord(requestId, System.currentTimeMillis(), null, "claude-sonnet-4-5", "middle", "fake",
                "middle-model", false, 200, null, 12L, 5L, null, null, 40, "end_turn", false, List.of());
    }
}
