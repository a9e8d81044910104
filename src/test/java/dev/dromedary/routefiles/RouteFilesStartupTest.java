package dev.dromedary.routefiles;

import dev.dromedary.DromedaryApplication;
import dev.dromedary.changes.ConfigChange;
import dev.dromedary.changes.ConfigChanges;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Route files found in the directory when the service starts: they run from the start, or stop it. */
class RouteFilesStartupTest {

    @TempDir
    Path routes;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DromedaryApplication.class)
                .run("--server.port=0", "--dromedary.routes.dir=" + routes, "--dromedary.routes.poll-interval=0");
    }

    @Test
    void aReplacementFoundAtStartRunsFromTheStartAndIsRecorded() throws Exception {
        Files.writeString(routes.resolve("pre-dispatch.camel.yaml"), """
                - route:
                    id: pre-dispatch
                    errorHandler:
                      noErrorHandler: {}
                    from:
                      uri: direct:pre-dispatch
                      steps:
                        - setProperty:
                            name: dromedaryUpstreamHeader.X-Start
                            constant: "yes"
                """);

        try (ConfigurableApplicationContext app = start()) {
            RouteFiles files = app.getBean(RouteFiles.class);
            assertThat(files.file("pre-dispatch.camel.yaml").source()).isEqualTo("operator");
            assertThat(files.file("messages.camel.yaml").source()).isEqualTo("built-in");
            assertThat(app.getBean(CamelContext.class).getRoute("pre-dispatch").getSourceLocation())
                    .contains(routes.toString());
            List<ConfigChange> history = app.getBean(ConfigChanges.class).history(ConfigChanges.ROUTE,
                    "pre-dispatch.camel.yaml", 10);
            assertThat(history).singleElement().satisfies(c -> {
                assertThat(c.actor()).isEqualTo("file");
                assertThat(c.action()).isEqualTo("create");
                assertThat(c.diff()).contains("+            name: dromedaryUpstreamHeader.X-Start");
            });
        }
    }

    @Test
    void anInvalidFileFoundAtStartStopsTheStartNamingIt() throws Exception {
        Files.writeString(routes.resolve("team.camel.yaml"), """
                - route:
                    id: team
                    from:
                      uri: direct:team
                      steps:
                        - process:
                            ref: noSuchBean
                """);

        assertThatThrownBy(this::start).satisfies(failure -> {
            Throwable t = failure;
            StringBuilder messages = new StringBuilder();
            for (; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("Route file " + routes.resolve("team.camel.yaml")
                    + " is not valid: team.camel.yaml: route 'team': no bean named 'noSuchBean'");
        });
    }
}
