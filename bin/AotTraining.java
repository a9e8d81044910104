import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The training load for bin/aot-cache.sh, so that the AOT cache holds the request path's classes and method
 * profiles and the JIT compiles it sooner after a start. JDK only: run as a source file.
 *
 * <pre>
 * java bin/AotTraining.java upstream DIR      a fake OpenAI provider on a free loopback port; writes DIR/provider.json
 * java bin/AotTraining.java load PORT SECONDS  Messages requests of every kind against the bridge on PORT
 * </pre>
 */
public class AotTraining {

    private static final String ANSWER = """
            {"id":"chatcmpl-train","object":"chat.completion","created":1767225600,"model":"train-model",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"A short answer for the training run."},\
            "finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28}}""";

    private static final String TOOL_ANSWER = """
            {"id":"chatcmpl-tool","object":"chat.completion","created":1767225600,"model":"train-model",\
            "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1",\
            "type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},\
            "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":60,"completion_tokens":12,"total_tokens":72}}""";

    private static final List<String> TEXT_CHUNKS = List.of(
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A \"}}]}",
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"streamed \"}}]}",
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"answer.\"}}]}",
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":3}}");

    private static final List<String> TOOL_CHUNKS = List.of(
            "{\"id\":\"c2\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
            "{\"id\":\"c2\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                    + "\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}}]}",
            "{\"id\":\"c2\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
            "{\"id\":\"c2\",\"choices\":[],\"usage\":{\"prompt_tokens\":60,\"completion_tokens\":12}}");

    private static final List<String> REQUESTS = List.of(
            """
            {"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Write one line."}]}""",
            """
            {"model":"claude-sonnet-4-5","max_tokens":256,"stream":true,\
            "messages":[{"role":"user","content":"Write one line."}]}""",
            """
            {"model":"claude-haiku-4-5","max_tokens":256,"system":[{"type":"text","text":"Be brief."}],\
            "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object",\
            "properties":{"city":{"type":"string"}},"required":["city"]}}],\
            "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]}""",
            """
            {"model":"claude-opus-4-1","max_tokens":256,"stream":true,"tools":[{"name":"get_weather",\
            "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],\
            "messages":[{"role":"user","content":"Weather in Paris?"}]}""",
            """
            {"model":"claude-sonnet-4-5","max_tokens":"many","messages":[]}""");

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "upstream" -> upstream(Path.of(args[1]));
            case "load" -> load(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> {
                System.err.println("usage: AotTraining upstream DIR | load PORT SECONDS");
                System.exit(2);
            }
        }
    }

    static void upstream(Path dir) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", AotTraining::answer);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        Files.writeString(dir.resolve("provider.json"), """
                {"providers":[{"name":"training","base_url":"%s","api_key":"training",\
                "models":{"big":["train-model"],"middle":["train-model"],"small":["train-model"]}}]}""".formatted(base));
        // stops by itself if the script that started it never does
        Thread.sleep(Duration.ofMinutes(10));
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean tools = body.contains("\"tools\"");
        if (body.contains("\"stream\":true")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String chunk : tools ? TOOL_CHUNKS : TEXT_CHUNKS) {
                    out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        byte[] json = (tools ? TOOL_ANSWER : ANSWER).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    static void load(int port, int seconds) throws InterruptedException {
        URI messages = URI.create("http://127.0.0.1:" + port + "/v1/messages");
        URI count = URI.create("http://127.0.0.1:" + port + "/v1/messages/count_tokens");
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                int first = w;
                workers.submit(() -> {
                    for (int i = first; System.nanoTime() < end; i++) {
                        String body = REQUESTS.get(i % REQUESTS.size());
                        URI uri = i % 7 == 6 ? count : messages;
                        try {
                            // bounded, so that a bridge that stops answering fails the training instead of hanging it
                            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(30))
                                    .header("content-type", "application/json")
                                    .header("anthropic-version", "2023-06-01")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            (response.statusCode() == 200 ? answered : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
        }
        System.out.printf("training load: %d answered, %d refused or failed%n", answered.get(), failed.get());
        if (answered.get() == 0) {
            System.exit(1);
        }
    }
}
