package dev.dromedary.changes;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The change history of routes and providers in the shared database ({@code config_change}): who changed what,
 * when, the diff, and the whole new version so that any earlier one can be restored.
 */
@Component
public class ConfigChanges {

    public static final String ROUTE = "route";
    public static final String PROVIDER = "provider";

    private static final String COLUMNS = "id, changed_at, kind, name, action, actor, version, diff, content";
    private static final RowMapper<ConfigChange> ROW = (rs, i) -> new ConfigChange(rs.getLong("id"),
            rs.getObject("changed_at", OffsetDateTime.class).toInstant().toString(), rs.getString("kind"),
            rs.getString("name"), rs.getString("action"), rs.getString("actor"), rs.getInt("version"),
            rs.getString("diff"), rs.getString("content"));

    private final JdbcTemplate jdbc;

    public ConfigChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a change from {@code before} to {@code after} (either null for a creation or a deletion).
     *
     * @return the change as stored, with its version
     */
    public synchronized ConfigChange record(String kind, String name, String action, String actor, String before,
                                            String after) {
        Integer last = jdbc.queryForObject("SELECT MAX(version) FROM config_change WHERE kind = ? AND name = ?",
                Integer.class, kind, name);
        int version = last == null ? 1 : last + 1;
        jdbc.update("INSERT INTO config_change (changed_at, kind, name, action, actor, version, diff, content) "
                        + "VALUES (?,?,?,?,?,?,?,?)",
                OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC), kind, name, action, actor, version,
                diff(name, before, after), after);
        return jdbc.query("SELECT " + COLUMNS + " FROM config_change WHERE kind = ? AND name = ? AND version = ?",
                ROW, kind, name, version).getFirst();
    }

    /** The changes of one kind (and name, unless null), newest first. */
    public List<ConfigChange> history(String kind, String name, int limit) {
        return name == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM config_change WHERE kind = ? ORDER BY id DESC LIMIT ?",
                        ROW, kind, limit)
                : jdbc.query("SELECT " + COLUMNS + " FROM config_change WHERE kind = ? AND name = ? "
                        + "ORDER BY version DESC LIMIT ?", ROW, kind, name, limit);
    }

    /** The unified diff between two versions of a text; either may be null (nothing). */
    public static String diff(String name, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + name,
                after == null ? "/dev/null" : "b/" + name, a, DiffUtils.diff(a, b), 3));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
}
