package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import dev.dromedary.web.RouteSwapGate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.after;
import static dev.dromedary.it.FakeUpstream.completion;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static dev.dromedary.it.FakeUpstream.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Route files changing under load: what requests in flight on the old version and new requests see, through the
 * watched directory and through the admin API. The provider is {@link FakeUpstream}; the routes are the real ones.
 */
class RouteReloadTest extends RouteFilesTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    RouteSwapGate gate;

    @Test
    void anEditedFileServesNewRequestsWhileAStreamOnTheOldRouteCompletes() throws Exception {
        Route preDispatchBefore = camel.getRoute("pre-dispatch");
        Route dispatchBefore = camel.getRoute("dispatch");
        Route messagesBefore = camel.getRoute("anthropic-messages");
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(textChunk("Hel"), textChunk("lo"), finish("stop"), usage(11, 2, 0), DONE), 1, resume));

        try (SseClient old = stream(request("claude-sonnet-4-5", true))) {
            old.await("content_block_delta");
            FakeUpstream.Received oldCall = UPSTREAM.takeRequest();

            // the operator edits the routes: a file named as the built-in one replaces it
            Files.writeString(ROUTES.resolve(MESSAGES), messagesVersion2());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> camel.getRoute("anthropic-messages") != messagesBefore);

            FakeUpstream.Received newCall = providerCallOfOneRequest();
            assertThat(newCall.headers().getFirst("X-Route-Version")).isEqualTo("2");

            // the stream that started on the old version goes on from where it was, to the end
            resume.countDown();
            List<SseClient.Event> events = old.rest();
            assertThat(events).extracting(SseClient.Event::type)
                    .filteredOn(t -> !t.equals("ping"))
                    .containsExactly("message_start", "content_block_start", "content_block_delta",
                            "content_block_delta", "content_block_stop", "message_delta", "message_stop");
            assertThat(events).filteredOn(e -> e.type().equals("content_block_delta"))
                    .extracting(e -> e.data().path("delta").path("text").asText()).containsExactly("Hel", "lo");
            assertThat(oldCall.headers().containsKey("X-Route-Version")).isFalse();
        }
        // only the routes of that file were replaced
        assertThat(camel.getRoute("pre-dispatch")).isSameAs(preDispatchBefore);
        assertThat(camel.getRoute("dispatch")).isSameAs(dispatchBefore);
        JsonNode last = history(MESSAGES).get(0);
        assertThat(last.path("actor").asText()).isEqualTo("file");
        assertThat(last.path("action").asText()).isEqualTo("create");
        assertThat(last.path("diff").asText()).contains("+            name: dromedaryUpstreamHeader.X-Route-Version");
        assertThat(fileEntry(MESSAGES).path("source").asText()).isEqualTo("operator");
    }

    @Test
    void brokenYamlIsRejectedAndTheOldRouteKeepsServing() throws Exception {
        assertThat(putRoutes(PRE_DISPATCH, preDispatch("v1")).statusCode()).isEqualTo(201);
        int version = fileEntry(PRE_DISPATCH).path("version").asInt();
        Route running = camel.getRoute("pre-dispatch");

        HttpResponse<String> rejected = putRoutes(PRE_DISPATCH, preDispatch("v2").replace("      steps:", "     steps: ["));

        assertThat(rejected.statusCode()).isEqualTo(400);
        JsonNode error = parse(rejected.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).startsWith(PRE_DISPATCH + ": not valid YAML")
                .contains("line ");
        assertThat(camel.getRoute("pre-dispatch")).isSameAs(running);
        assertThat(providerCallOfOneRequest().headers().getFirst("X-Hook")).isEqualTo("v1");
        assertThat(Files.readString(ROUTES.resolve(PRE_DISPATCH))).isEqualTo(preDispatch("v1"));
        assertThat(fileEntry(PRE_DISPATCH).path("version").asInt()).isEqualTo(version);

        // the same mistake made on the disk is reported and not applied either
        Files.writeString(ROUTES.resolve(PRE_DISPATCH), "- route:\n    id: pre-dispatch\n    from: [\n");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !fileEntry(PRE_DISPATCH).path("rejected").isNull());
        assertThat(fileEntry(PRE_DISPATCH).path("rejected").path("message").asText()).contains("not valid YAML");
        assertThat(camel.getRoute("pre-dispatch")).isSameAs(running);
        assertThat(providerCallOfOneRequest().headers().getFirst("X-Hook")).isEqualTo("v1");
    }

    @Test
    void rollbackRestoresThePreviousVersion() throws Exception {
        String file = "team-rollback.camel.yaml";
        assertThat(putRoutes(file, teamVersion("v1")).statusCode()).isEqualTo(201);
        assertThat(putRoutes(file, teamVersion("v2")).statusCode()).isEqualTo(200);
        assertThat(get("/team/version").body()).isEqualTo("v2");

        HttpResponse<String> rolledBack = admin("POST", "/admin/api/routes/" + file + "/rollback", null);

        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        JsonNode change = parse(rolledBack.body()).path("change");
        assertThat(change.path("action").asText()).isEqualTo("rollback");
        assertThat(change.path("version").asInt()).isEqualTo(3);
        assertThat(change.path("actor").asText()).isEqualTo("admin@127.0.0.1");
        assertThat(change.path("diff").asText()).contains("-            constant: v2").contains("+            constant: v1");
        assertThat(get("/team/version").body()).isEqualTo("v1");
        assertThat(Files.readString(ROUTES.resolve(file))).isEqualTo(teamVersion("v1"));
        assertThat(history(file)).extracting(c -> c.path("action").asText())
                .containsExactly("rollback", "update", "create");

        // the version before a rollback is the one it replaced: rolling back again undoes it
        assertThat(admin("POST", "/admin/api/routes/" + file + "/rollback", null).statusCode()).isEqualTo(200);
        assertThat(get("/team/version").body()).isEqualTo("v2");
    }

    @Test
    void rollingBackTheFirstVersionRemovesTheFileAndBringsTheBuiltInBack() throws Exception {
        assertThat(putRoutes(PRE_DISPATCH, preDispatch("first")).statusCode()).isEqualTo(201);
        assertThat(providerCallOfOneRequest().headers().getFirst("X-Hook")).isEqualTo("first");
        // what the history of this built-in file ends with now is the creation of the replacement
        assertThat(history(PRE_DISPATCH).get(0).path("action").asText()).isEqualTo("create");
        admin("DELETE", "/admin/api/routes/" + PRE_DISPATCH, null);
        assertThat(putRoutes(PRE_DISPATCH, preDispatch("only")).statusCode()).isEqualTo(201);

        // the version before "only" is the deletion: no operators' file, so the built-in route
        HttpResponse<String> r = admin("POST", "/admin/api/routes/" + PRE_DISPATCH + "/rollback", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(parse(r.body()).path("file").path("source").asText()).isEqualTo("built-in");
        assertThat(Files.exists(ROUTES.resolve(PRE_DISPATCH))).isFalse();
        assertThat(providerCallOfOneRequest().headers().containsKey("X-Hook")).isFalse();
    }

    @Test
    void aRequestInsideTheOldRouteFinishesThereWhileNewOnesWaitForTheNewVersion() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        UPSTREAM.enqueue(after(release, completion("from the old version", "stop")));
        CompletableFuture<HttpResponse<String>> old = async(() -> post("/v1/messages",
                request("claude-sonnet-4-5", false)));
        FakeUpstream.Received oldCall = UPSTREAM.takeRequest();

        CompletableFuture<HttpResponse<String>> reload = async(() -> putRoutes(MESSAGES, messagesVersion2()));
        // the reload waits for the old request; meanwhile a new request arrives and must wait too, not fail
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.isHeld("/v1/messages"));
        UPSTREAM.enqueue(completion("from the new version", "stop"));
        CompletableFuture<HttpResponse<String>> waiting = async(() -> post("/v1/messages",
                request("claude-sonnet-4-5", false)));
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting() == 1);
        assertThat(waiting).isNotDone();
        release.countDown();

        HttpResponse<String> oldAnswer = old.get(10, TimeUnit.SECONDS);
        assertThat(oldAnswer.statusCode()).isEqualTo(200);
        assertThat(oldAnswer.body()).contains("from the old version");
        assertThat(oldCall.headers().containsKey("X-Route-Version")).isFalse();
        assertThat(reload.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        HttpResponse<String> newAnswer = waiting.get(10, TimeUnit.SECONDS);
        assertThat(newAnswer.statusCode()).as(newAnswer.body()).isEqualTo(200);
        assertThat(newAnswer.body()).contains("from the new version");
        assertThat(UPSTREAM.takeRequest().headers().getFirst("X-Route-Version")).isEqualTo("2");
    }

    @Test
    void aReloadThatCannotDrainInTimeIsGivenUpAndNothingChanges() throws Exception {
        Route running = camel.getRoute("anthropic-messages");
        CountDownLatch release = new CountDownLatch(1);
        UPSTREAM.enqueue(after(release, completion("still the old version", "stop")));
        CompletableFuture<HttpResponse<String>> slow = async(() -> post("/v1/messages",
                request("claude-sonnet-4-5", false)));
        UPSTREAM.takeRequest();

        HttpResponse<String> reload = putRoutes(MESSAGES, messagesVersion2());

        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(503);
        assertThat(parse(reload.body()).path("error").path("message").asText())
                .contains("route 'anthropic-messages' still had 1 request(s) in progress")
                .contains("nothing was changed");
        assertThat(reload.headers().firstValue("retry-after")).isPresent();
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).contains("still the old version");
        assertThat(camel.getRoute("anthropic-messages")).isSameAs(running);
        assertThat(camel.getRouteController().getRouteStatus("anthropic-messages").isStarted()).isTrue();
        assertThat(Files.exists(ROUTES.resolve(MESSAGES))).isFalse();
        assertThat(providerCallOfOneRequest().headers().containsKey("X-Route-Version")).isFalse();
    }

    @Test
    void aConfigMapUpdateBySymlinkSwapIsPickedUp() throws Exception {
        String file = "team-configmap.camel.yaml";
        // how the kubelet lays out a ConfigMap volume: name -> ..data/name, ..data -> ..<timestamp>
        Path first = Files.createDirectory(ROUTES.resolve("..2026_01_01_00_00_00.000000001"));
        Files.writeString(first.resolve(file), teamVersion("v1"));
        Files.createSymbolicLink(ROUTES.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(ROUTES.resolve(file), Path.of("..data", file));
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/team/version").body().equals("v1"));

        Path second = Files.createDirectory(ROUTES.resolve("..2026_01_01_00_01_00.000000002"));
        Files.writeString(second.resolve(file), teamVersion("v2"));
        Path swap = Files.createSymbolicLink(ROUTES.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, ROUTES.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/team/version").body().equals("v2"));
        assertThat(history(file)).extracting(c -> c.path("action").asText()).containsExactly("update", "create");
    }

    @Test
    void deletingTheReplacingFileBringsTheBuiltInBack() throws Exception {
        Files.writeString(ROUTES.resolve(PRE_DISPATCH), preDispatch("disk"));
        await().atMost(Duration.ofSeconds(5)).until(() -> fileEntry(PRE_DISPATCH).path("source").asText().equals("operator"));
        assertThat(providerCallOfOneRequest().headers().getFirst("X-Hook")).isEqualTo("disk");

        Files.delete(ROUTES.resolve(PRE_DISPATCH));

        await().atMost(Duration.ofSeconds(5)).until(() -> fileEntry(PRE_DISPATCH).path("source").asText().equals("built-in"));
        assertThat(providerCallOfOneRequest().headers().containsKey("X-Hook")).isFalse();
        JsonNode last = history(PRE_DISPATCH).get(0);
        assertThat(last.path("action").asText()).isEqualTo("delete");
        assertThat(last.path("actor").asText()).isEqualTo("file");
        assertThat(last.path("content").isNull()).isTrue();
    }

    /** An HTTP route of a team's own file: GET /team/version answers {@code version}. */
    static String teamVersion(String version) {
        return """
                - route:
                    id: team-version
                    from:
                      uri: platform-http:/team/version?httpMethodRestrict=GET
                      steps:
                        - setBody:
                            constant: %s
                """.formatted(version);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Call<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
