package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.routefiles.RouteDirectoryWatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The routes admin API: listing, reading, and every way a change is refused while the running routes stay. */
class RoutesAdminTest extends RouteFilesTestBase {

    @Autowired
    RouteDirectoryWatcher watcher;

    @Test
    void listsEveryRouteWithItsFileSourceStatusAndVersion() throws Exception {
        assertThat(putRoutes("team-list.camel.yaml", RouteReloadTest.teamVersion("v1")).statusCode()).isEqualTo(201);

        JsonNode listing = routes();

        assertThat(listing.path("dir").asText()).isEqualTo(ROUTES.toAbsolutePath().toString());
        assertThat(listing.path("writable").asBoolean()).isTrue();
        JsonNode messages = route(listing, "anthropic-messages");
        assertThat(messages.path("file").asText()).isEqualTo(MESSAGES);
        assertThat(messages.path("source").asText()).isEqualTo("built-in");
        assertThat(messages.path("status").asText()).isEqualTo("Started");
        JsonNode team = route(listing, "team-version");
        assertThat(team.path("file").asText()).isEqualTo("team-list.camel.yaml");
        assertThat(team.path("source").asText()).isEqualTo("operator");
        assertThat(team.path("version").asInt()).isEqualTo(1);
        JsonNode dispatch = route(listing, "dispatch");
        assertThat(dispatch.path("source").asText()).isEqualTo("java");
        assertThat(dispatch.path("file").isNull()).isTrue();
        assertThat(fileEntry("team-list.camel.yaml").path("routes")).extracting(JsonNode::asText)
                .containsExactly("team-version");
        assertThat(fileEntry(PRE_DISPATCH).path("routes")).extracting(JsonNode::asText).containsExactly("pre-dispatch");

        HttpResponse<String> content = get("/admin/api/routes/team-list.camel.yaml");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("content-type")).hasValue("application/yaml");
        assertThat(content.body()).isEqualTo(RouteReloadTest.teamVersion("v1"));
        assertThat(get("/admin/api/routes/" + MESSAGES).body())
                .isEqualTo(Files.readString(java.nio.file.Path.of("src/main/resources/routes/" + MESSAGES)));
        assertThat(get("/admin/api/routes/nothing.camel.yaml").statusCode()).isEqualTo(404);
    }

    @Test
    void aChangeIsRecordedOnceWithWhoWhenAndTheDiff() throws Exception {
        String file = "team-recorded.camel.yaml";
        HttpResponse<String> created = putRoutes(file, RouteReloadTest.teamVersion("v1"));
        JsonNode change = parse(created.body()).path("change");
        assertThat(change.path("version").asInt()).isEqualTo(1);
        assertThat(change.path("action").asText()).isEqualTo("create");
        assertThat(change.path("actor").asText()).isEqualTo("admin@127.0.0.1");
        assertThat(change.path("changed_at").asText()).isNotBlank();
        assertThat(change.path("diff").asText()).contains("+++ b/" + file).contains("+            constant: v1");
        assertThat(Files.readString(ROUTES.resolve(file))).isEqualTo(RouteReloadTest.teamVersion("v1"));

        // the watcher sees the file the API wrote: it must neither reload it nor record it again (a file is applied
        // once it reads the same twice, so two looks after the write settle it)
        long seen = watcher.polls();
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.polls() >= seen + 2);
        assertThat(history(file)).hasSize(1);
        // the same content again changes nothing
        HttpResponse<String> same = putRoutes(file, RouteReloadTest.teamVersion("v1"));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(parse(same.body()).path("change").isNull()).isTrue();
        assertThat(history(file)).hasSize(1);
    }

    @Test
    void unsafeFileNamesAreRefused() throws Exception {
        for (String name : new String[]{"notes.txt", ".hidden.camel.yaml", "a%20b.camel.yaml", "..camel.yaml"}) {
            HttpResponse<String> r = putRoutes(name, RouteReloadTest.teamVersion("v1"));
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(parse(r.body()).path("error").path("message").asText()).as(name).contains("ending in .camel.yaml");
        }
        // a traversal never reaches the file system: the container refuses it, or it matches no route
        HttpRequest traversal = HttpRequest.newBuilder(URI.create(url("/admin/api/routes/..%2F..%2Fescape.camel.yaml")))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(RouteReloadTest.teamVersion("v1"))).build();
        assertThat(http.send(traversal, HttpResponse.BodyHandlers.ofString()).statusCode()).isBetween(400, 404);
        assertThat(Files.exists(ROUTES.getParent().resolve("escape.camel.yaml"))).isFalse();
        try (var files = Files.list(ROUTES)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileCannotTakeAnotherFilesRoutesPathsOrTheJavaRoutes() throws Exception {
        assertThat(refusal("team-steal.camel.yaml", """
                - route:
                    id: anthropic-messages
                    from: {uri: "direct:team-x", steps: [{to: "log:x"}]}
                """)).contains("route id 'anthropic-messages' belongs to file messages.camel.yaml");
        assertThat(refusal("team-steal.camel.yaml", """
                - route:
                    id: dispatch
                    from: {uri: "direct:team-x", steps: [{to: "log:x"}]}
                """)).contains("route id 'dispatch' belongs to the application's Java routes");
        assertThat(refusal("team-steal.camel.yaml", """
                - route:
                    id: team-shadow
                    from: {uri: "platform-http:/v1/messages", steps: [{to: "log:x"}]}
                """)).contains("consumes from platform-http:/v1/messages, which route 'anthropic-messages' of file "
                + "messages.camel.yaml already does");
        assertThat(refusal("team-steal.camel.yaml", """
                - route:
                    id: team-dispatch
                    from: {uri: "direct:dispatch", steps: [{to: "log:x"}]}
                """)).contains("which route 'dispatch' of the application's Java routes already does");
        assertThat(refusal("team-steal.camel.yaml", """
                - route:
                    id: team-usage
                    from: {uri: "seda:usage-records", steps: [{to: "log:x"}]}
                """)).contains("which route 'usage-writer' of the application's Java routes already does");
        assertThat(Files.exists(ROUTES.resolve("team-steal.camel.yaml"))).isFalse();
    }

    @Test
    void routesThatFailToStartAreRolledBackToTheRunningVersion() throws Exception {
        assertThat(putRoutes(PRE_DISPATCH, preDispatch("running")).statusCode()).isEqualTo(201);

        // valid for the parser (it checks simple expressions only); the XPath fails when the route starts
        HttpResponse<String> r = putRoutes(PRE_DISPATCH, preDispatch("broken") + """
                        - filter:
                            xpath: "//[["
                            steps:
                              - to: log:never
                """);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(parse(r.body()).path("error").path("message").asText()).contains("the routes failed to start");
        assertThat(providerCallOfOneRequest().headers().getFirst("X-Hook")).isEqualTo("running");
        assertThat(Files.readString(ROUTES.resolve(PRE_DISPATCH))).isEqualTo(preDispatch("running"));
        assertThat(history(PRE_DISPATCH).get(0).path("content").asText()).isEqualTo(preDispatch("running"));
    }

    @Test
    void aReplacementMustKeepTheBuiltInRoutesOthersRelyOn() throws Exception {
        assertThat(refusal(PRE_DISPATCH, """
                - route:
                    id: team-hook
                    from: {uri: "direct:team-hook", steps: [{to: "log:x"}]}
                """)).contains("must keep its routes [pre-dispatch]").contains("missing: [pre-dispatch]");
    }

    @Test
    void referencesAreCheckedBeforeAnythingChanges() throws Exception {
        assertThat(refusal(PRE_DISPATCH, """
                - route:
                    id: pre-dispatch
                    from:
                      uri: direct:pre-dispatch
                      steps:
                        - process:
                            ref: noSuchProcessor
                """)).contains("no bean named 'noSuchProcessor'");
        assertThat(refusal(PRE_DISPATCH, """
                - route:
                    id: pre-dispatch
                    from:
                      uri: direct:pre-dispatch
                      steps:
                        - to: log:team?noSuchOption=1
                """)).contains("noSuchOption");
        assertThat(fileEntry(PRE_DISPATCH).path("source").asText()).isEqualTo("built-in");
    }

    @Test
    void anEmptyBodyOrAnUnknownFileIsAClearError() throws Exception {
        HttpResponse<String> empty = putRoutes("team-empty.camel.yaml", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(parse(empty.body()).path("error").path("message").asText()).contains("the request body is the route file");
        HttpResponse<String> delete = admin("DELETE", "/admin/api/routes/" + MESSAGES, null);
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(parse(delete.body()).path("error").path("message").asText()).contains("a built-in file cannot be deleted");
        HttpResponse<String> rollback = admin("POST", "/admin/api/routes/team-never.camel.yaml/rollback", null);
        assertThat(rollback.statusCode()).isEqualTo(404);
        assertThat(parse(rollback.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void aFormEncodedBodyIsStillTheFile() throws Exception {
        // curl --data-binary sends application/x-www-form-urlencoded unless told otherwise
        HttpRequest put = HttpRequest.newBuilder(URI.create(url("/admin/api/routes/team-form.camel.yaml")))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("content-type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(RouteReloadTest.teamVersion("v=1&x"))).build();
        HttpResponse<String> r = http.send(put, HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(2)).until(() -> get("/team/version").body().equals("v=1&x"));
    }

    @Test
    void theHttpPathOfADeletedFileIsNotFoundAnyMore() throws Exception {
        assertThat(putRoutes("team-gone.camel.yaml", RouteReloadTest.teamVersion("here")).statusCode()).isEqualTo(201);
        assertThat(get("/team/version").body()).isEqualTo("here");

        HttpResponse<String> deleted = admin("DELETE", "/admin/api/routes/team-gone.camel.yaml", null);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(parse(deleted.body()).path("file").isNull()).isTrue();
        assertThat(parse(deleted.body()).path("change").path("action").asText()).isEqualTo("delete");
        HttpResponse<String> gone = get("/team/version");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(parse(gone.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(Files.exists(ROUTES.resolve("team-gone.camel.yaml"))).isFalse();
    }

    @Test
    void theRoutesApiNeedsTheAdminToken() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create(url("/admin/api/routes/team-anon.camel.yaml")))
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(RouteReloadTest.teamVersion("x")))
                .build();
        assertThat(http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(Files.exists(ROUTES.resolve("team-anon.camel.yaml"))).isFalse();
    }

    private String refusal(String file, String yaml) throws Exception {
        HttpResponse<String> r = putRoutes(file, yaml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = parse(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        return error.path("message").asText();
    }

    private static JsonNode route(JsonNode listing, String id) {
        for (JsonNode r : listing.path("routes")) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no route " + id + " in " + listing);
    }
}
