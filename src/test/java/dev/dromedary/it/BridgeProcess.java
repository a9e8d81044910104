package dev.dromedary.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The bridge in a JVM of its own, started as an operator starts it, in front of one fake provider ("fake", model
 * "m" in the middle tier). It binds a free port itself, since a port chosen here could be taken before it binds, and
 * names the port in its log. Stopped with SIGTERM, as a container is.
 */
final class BridgeProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int port;

    private BridgeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param dir      the working directory; also holds provider.json and the log (out.log)
     * @param launch   what follows {@code java}: JVM options and the main class or jar
     * @param settings further command-line settings ({@code --key=value})
     */
    static BridgeProcess start(Path dir, FakeUpstream provider, List<String> launch, String... settings)
            throws IOException {
        Path providers = dir.resolve("provider.json");
        Files.writeString(providers, """
                {"providers":[{"name":"fake","base_url":"%s","models":{"middle":["m"]}}]}
                """.formatted(provider.baseUrl()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--dromedary.provider-config=" + providers));
        command.addAll(List.of(settings));
        Path log = dir.resolve("out.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Matcher started = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> STARTED.matcher(Files.readString(log)), m -> m.find() || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("the bridge stopped; its log:\n" + Files.readString(log));
        }
        return new BridgeProcess(process, log, Integer.parseInt(started.group(1)));
    }

    int port() {
        return port;
    }

    /** Waits until the bridge reports itself ready (started on Camel's routes, answering once providers load). */
    BridgeProcess awaitReadiness() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> send("GET", "/actuator/health/readiness", null).statusCode() == 200);
        return this;
    }

    /** A request to the bridge; {@code headers} are names and values in turn. No body when {@code body} is null. */
    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
