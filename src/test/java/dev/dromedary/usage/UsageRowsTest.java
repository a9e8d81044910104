package dev.dromedary.usage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class UsageRowsTest {

    @Test
    void theInsertNamesTheColumnsInTheOrderOfTheRowsValues() throws IOException {
        String sql = insertSql();
        Matcher columns = Pattern.compile("INSERT INTO usage_request \\(([^)]*)\\)").matcher(sql);
        assertThat(columns.find()).isTrue();
        List<String> named = Arrays.stream(columns.group(1).split(",")).map(String::strip).toList();
        assertThat(named).isEqualTo(UsageRows.COLUMNS);
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(UsageRows.COLUMNS.size());
    }

    @Test
    void aRowHoldsEachValueAtItsColumnsPlace() {
        RequestRecord record = new RequestRecord("req_1", 1_764_806_400_123L, "key-1", "m".repeat(300), "big",
                "fake", "gpt-x", true, 200, null, 12L, 34L, 5L, 67L, 890L, "end_turn", false,
                List.of(new RequestRecord.AttemptRecord("fake", "gpt-x", 0, null, 880L)));

        List<Object> row = UsageRows.row(record);

        assertThat(row).hasSameSizeAs(UsageRows.COLUMNS);
        assertThat(value(row, "request_id")).isEqualTo("req_1");
        assertThat(value(row, "started_at")).isEqualTo(OffsetDateTime.parse("2025-12-04T00:00:00.123Z"));
        assertThat(value(row, "usage_day")).isEqualTo(LocalDate.parse("2025-12-04"));
        assertThat(value(row, "key_id")).isEqualTo("key-1");
        assertThat(value(row, "requested_model")).isEqualTo("m".repeat(256));
        assertThat(value(row, "tier")).isEqualTo("big");
        assertThat(value(row, "provider")).isEqualTo("fake");
        assertThat(value(row, "upstream_model")).isEqualTo("gpt-x");
        assertThat(value(row, "streaming")).isEqualTo(true);
        assertThat(value(row, "status")).isEqualTo(200);
        assertThat(value(row, "error_type")).isNull();
        assertThat(value(row, "input_tokens")).isEqualTo(12L);
        assertThat(value(row, "output_tokens")).isEqualTo(34L);
        assertThat(value(row, "cache_read_tokens")).isEqualTo(5L);
        assertThat(value(row, "ttft_ms")).isEqualTo(67L);
        assertThat(value(row, "duration_ms")).isEqualTo(890L);
        assertThat(value(row, "stop_reason")).isEqualTo("end_turn");
        assertThat(value(row, "client_disconnected")).isEqualTo(false);
        assertThat(value(row, "attempt_count")).isEqualTo(1);
        assertThat(value(row, "attempts"))
                .isEqualTo("[{\"provider\":\"fake\",\"model\":\"gpt-x\",\"status\":0,\"error\":null,\"duration_millis\":880}]");
    }

    private static Object value(List<Object> row, String column) {
        return row.get(UsageRows.COLUMNS.indexOf(column));
    }

    private static String insertSql() throws IOException {
        try (InputStream in = UsageRows.class.getResourceAsStream("/sql/usage-insert.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
