package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge with a routes directory of its own, watched every 100 ms, and a short drain timeout (2 s) so that a
 * reload that cannot drain is given up quickly. Every test leaves the directory as it found it (empty: the
 * built-in routes run); the change history, in the context's database, is shared by the tests.
 */
public abstract class RouteFilesTestBase extends BridgeTestBase {

    protected static final Path ROUTES;
    protected static final String PRE_DISPATCH = "pre-dispatch.camel.yaml";
    protected static final String MESSAGES = "messages.camel.yaml";

    static {
        try {
            ROUTES = Files.createTempDirectory("dromedary-routes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("dromedary.routes.dir", ROUTES::toString);
        registry.add("dromedary.routes.poll-interval", () -> "100ms");
        registry.add("dromedary.routes.drain-timeout", () -> "2s");
    }

    /** Back to the built-in routes: operators' files removed through the API, anything else from the disk. */
    @AfterEach
    void restoreBuiltInRoutes() throws Exception {
        for (JsonNode file : routes().path("files")) {
            if (file.path("source").asText().equals("operator") && file.path("routes").size() > 0) {
                HttpResponse<String> r = admin("DELETE", "/admin/api/routes/" + file.path("name").asText(), null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
        try (Stream<Path> all = Files.walk(ROUTES)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(ROUTES)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode files = routes().path("files");
            for (JsonNode f : files) {
                assertThat(f.path("source").asText()).as(f.toString()).isEqualTo("built-in");
                assertThat(f.path("rejected").isNull()).as(f.toString()).isTrue();
            }
        });
    }

    protected HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("content-type", "application/yaml");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> putRoutes(String file, String yaml) throws Exception {
        return admin("PUT", "/admin/api/routes/" + file, yaml);
    }

    /** {@code GET /admin/api/routes}. */
    protected JsonNode routes() throws Exception {
        HttpResponse<String> r = get("/admin/api/routes");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body());
    }

    protected JsonNode fileEntry(String name) throws Exception {
        for (JsonNode f : routes().path("files")) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        return null;
    }

    protected JsonNode history(String name) throws Exception {
        HttpResponse<String> r = get("/admin/api/routes/" + name + "/history");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body()).path("changes");
    }

    /** A pre-dispatch route that marks the provider call with {@code X-Hook: <version>}. */
    protected static String preDispatch(String version) {
        return """
                - route:
                    id: pre-dispatch
                    errorHandler:
                      noErrorHandler: {}
                    from:
                      uri: direct:pre-dispatch
                      steps:
                        - setProperty:
                            name: dromedaryUpstreamHeader.X-Hook
                            constant: "%s"
                """.formatted(version);
    }

    /** The built-in messages routes, with the provider call marked {@code X-Route-Version: 2}. */
    protected static String messagesVersion2() throws IOException {
        String builtIn = Files.readString(Path.of("src/main/resources/routes/messages.camel.yaml"));
        String dispatch = "        - to:\n            uri: direct:dispatch\n";
        assertThat(builtIn).contains(dispatch);
        return builtIn.replace(dispatch, """
                        - setProperty:
                            name: dromedaryUpstreamHeader.X-Route-Version
                            constant: "2"
                """ + dispatch);
    }

    /** Sends one non-streamed request and answers it; returns the request the provider got. */
    protected FakeUpstream.Received providerCallOfOneRequest() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("hi", "stop"));
        HttpResponse<String> r = post("/v1/messages", request("claude-sonnet-4-5", false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return UPSTREAM.takeRequest();
    }
}
