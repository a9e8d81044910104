package dev.dromedary.it;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable OpenAI-compatible provider on a free loopback port. Each test queues the answers it wants; every
 * request received is recorded with its headers and body.
 */
public final class FakeUpstream implements AutoCloseable {

    /** How the fake answers one request. */
    @FunctionalInterface
    public interface Answer {
        void write(HttpExchange exchange) throws Exception;
    }

    public record Received(String method, String path, Headers headers, String body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** Answers chosen by the request itself, when none is queued (concurrent tests, where order is unknown). */
    private volatile java.util.function.Function<Received, Answer> byRequest;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    public FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public FakeUpstream enqueue(Answer answer) {
        answers.add(answer);
        return this;
    }

    /** Answers each request that finds no queued answer as {@code choose} says. */
    public FakeUpstream answerBy(java.util.function.Function<Received, Answer> choose) {
        byRequest = choose;
        return this;
    }

    /** Forgets queued answers, recorded requests and any {@link #answerBy} rule. */
    public void reset() {
        answers.clear();
        received.clear();
        byRequest = null;
    }

    /** The next request the fake received, waiting up to five seconds for it. */
    public Received takeRequest() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the fake upstream received no request");
        }
        return r;
    }

    public int requestCount() {
        return received.size();
    }

    /** Every request received so far and not yet taken, each as its path and body ("/v1/traces ..."). */
    public List<String> takeAll() {
        List<String> all = new ArrayList<>();
        for (Received r; (r = received.poll()) != null; ) {
            all.add(r.path() + " " + r.body());
        }
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), body);
        received.add(request);
        Answer answer = answers.poll();
        if (answer == null && byRequest != null) {
            answer = byRequest.apply(request);
        }
        try {
            if (answer == null) {
                json(500, "{\"error\":{\"message\":\"no answer scripted\"}}").write(exchange);
            } else {
                answer.write(exchange);
            }
        } catch (IOException e) {
            // the bridge went away (a client disconnect test): nothing to do
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- answers ----

    public static Answer json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Answer json(int status, String body, Map<String, String> headers) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A chat.completion with one text answer. */
    public static Answer completion(String text, String finishReason) {
        return json(200, """
                {"id":"chatcmpl-fake1","object":"chat.completion","model":"upstream-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}
                """.formatted(quote(text), finishReason));
    }

    /** An SSE answer: each chunk is a JSON chunk (or {@code [DONE]}), written and flushed on its own. */
    public static Answer sse(List<String> chunks) {
        return sse(chunks, -1, null);
    }

    /**
     * An SSE answer that writes the chunks before {@code pauseAt}, then waits for {@code resume} before the rest:
     * whatever the client receives meanwhile proves the bridge streams.
     */
    public static Answer sse(List<String> chunks, int pauseAt, CountDownLatch resume) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.flush();
            for (int i = 0; i < chunks.size(); i++) {
                if (i == pauseAt && !resume.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never resumed the fake upstream");
                }
                out.write(("data: " + chunks.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /**
     * Streams text chunks every 50 ms for up to ten seconds; counts {@code gone} down when a write fails, which is
     * when the bridge dropped the connection.
     */
    public static Answer endlessStream(CountDownLatch gone) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            CountDownLatch tick = new CountDownLatch(1);
            try {
                for (int i = 0; i < 200; i++) {
                    out.write(("data: " + textChunk("tick " + i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    tick.await(50, TimeUnit.MILLISECONDS);
                }
            } catch (IOException e) {
                gone.countDown();
            }
        };
    }

    /**
     * Answers a stream with the role chunk, then stays quiet for up to ten seconds, writing only SSE comments (which
     * carry no event) every 50 ms; counts {@code gone} down when a write fails, which is when the bridge dropped
     * the connection.
     */
    public static Answer quietStream(CountDownLatch gone) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            CountDownLatch never = new CountDownLatch(1);
            try {
                out.write(("data: " + roleChunk() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                for (int i = 0; i < 200; i++) {
                    never.await(50, TimeUnit.MILLISECONDS);
                    out.write(": thinking\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                gone.countDown();
            }
        };
    }

    /** An Anthropic-format stream: each frame as built by {@link #event}, written and flushed on its own. */
    public static Answer anthropicSse(List<String> frames) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String frame : frames) {
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** One Anthropic SSE frame. */
    public static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    /** Closes the connection without a byte of answer, as a crashing provider or a reset does. */
    public static Answer drop() {
        return exchange -> {
            throw new IOException("connection dropped on purpose");
        };
    }

    /** Holds the answer (no status, no byte) until released, then answers as {@code then} does. */
    public static Answer after(CountDownLatch release, Answer then) {
        return exchange -> {
            release.await(10, TimeUnit.SECONDS);
            then.write(exchange);
        };
    }

    // ---- chunk builders ----

    /** The first chunk OpenAI sends: the role, no content yet. */
    public static String roleChunk() {
        return "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
    }

    public static String textChunk(String text) {
        return "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + quote(text) + "}}]}";
    }

    public static String reasoningChunk(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":" + quote(text) + "}}]}";
    }

    public static String toolStart(int index, String id, String name) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id
                + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}}]}";
    }

    public static String toolArgs(int index, String fragment) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index
                + ",\"function\":{\"arguments\":" + quote(fragment) + "}}]}}]}";
    }

    public static String finish(String reason) {
        return "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    public static String usage(int prompt, int completion, int cached) {
        return "{\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}}";
    }

    public static final String DONE = "[DONE]";

    public static List<String> list(String... chunks) {
        return new ArrayList<>(List.of(chunks));
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
