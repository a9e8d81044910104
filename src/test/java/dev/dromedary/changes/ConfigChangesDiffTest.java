package dev.dromedary.changes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigChangesDiffTest {

    @Test
    void anEditShowsTheChangedLineInUnifiedForm() {
        String diff = ConfigChanges.diff("a.camel.yaml", "one\ntwo\nthree\n", "one\n2\nthree\n");
        assertThat(diff).contains("--- a/a.camel.yaml", "+++ b/a.camel.yaml", "-two", "+2", " one");
    }

    @Test
    void creationAndDeletionDiffAgainstNothing() {
        assertThat(ConfigChanges.diff("x", null, "new\n")).contains("--- /dev/null", "+new");
        assertThat(ConfigChanges.diff("x", "old\n", null)).contains("+++ /dev/null", "-old");
    }
}
