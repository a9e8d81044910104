import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Opens K concurrent streaming requests and measures each: time to the first token (the first
 * content_block_delta of an Anthropic stream, or the first content chunk of an OpenAI one), total time, whether
 * the stream ended properly (message_stop / [DONE]) and whether it stalled (no byte for STALL_MS).
 * Prints one JSON line. Usage:
 *   java StreamClient.java HOST PORT PATH anthropic|openai CONCURRENCY REPEAT STALL_MS BODY_FILE
 * REPEAT requests are made one after another on each of the CONCURRENCY connections' threads. With
 * -Dwarmup=N the client first makes N unmeasured requests, 64 at a time, to warm up its own JIT. With -Dretries=N
 * a request answered 429, 503 or 529 is sent again after its retry-after (1 s without one), up to N times, as the
 * Anthropic SDKs do; its times count from the first attempt.
 */
public class StreamClient {

    record Result(double ttftMs, double totalMs, boolean complete, boolean stalled, int status, int retries) {

        Result afterRetries(int n) {
            return new Result(ttftMs, totalMs, complete, stalled, status, n);
        }
    }

    /** Status and retry-after of the last answer, when it asks to be retried. */
    record Refusal(int status, long retryAfterMs) {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        boolean anthropic = args[3].equals("anthropic");
        int concurrency = Integer.parseInt(args[4]);
        int repeat = Integer.parseInt(args[5]);
        int stallMs = Integer.parseInt(args[6]);
        byte[] body = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args[7]));
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "anthropic-version: 2023-06-01\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] first = (anthropic ? "content_block_delta" : "\"content\":\"").getBytes(StandardCharsets.US_ASCII);
        byte[] end = (anthropic ? "event: message_stop" : "[DONE]").getBytes(StandardCharsets.US_ASCII);

        // the client's own warm-up, not measured: a cold JIT here would be counted against the server
        int warmup = Integer.parseInt(System.getProperty("warmup", "0"));
        if (warmup > 0) {
            run(host, port, request, body, first, end, stallMs, Math.min(concurrency, 64), Math.max(1, warmup / 64),
                    new ArrayList<>());
        }
        List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
        long wall = System.nanoTime();
        run(host, port, request, body, first, end, stallMs, concurrency, repeat, results);
        double wallMs = (System.nanoTime() - wall) / 1e6;

        double[] ttft = results.stream().filter(Result::complete).mapToDouble(Result::ttftMs).sorted().toArray();
        double[] total = results.stream().filter(Result::complete).mapToDouble(Result::totalMs).sorted().toArray();
        long complete = results.stream().filter(Result::complete).count();
        long stalled = results.stream().filter(Result::stalled).count();
        long non200 = results.stream().filter(r -> r.status() != 200).count();
        long retried = results.stream().filter(r -> r.retries() > 0).count();
        long retries = results.stream().mapToLong(Result::retries).sum();
        System.out.printf(java.util.Locale.ROOT,
                "{\"requests\":%d,\"complete\":%d,\"stalled\":%d,\"non200\":%d,\"retried\":%d,\"retries\":%d,"
                        + "\"wall_ms\":%.1f,\"ttft_p50_ms\":%.3f,\"ttft_p99_ms\":%.3f,\"total_p50_ms\":%.1f,"
                        + "\"total_p99_ms\":%.1f,\"total_max_ms\":%.1f}%n",
                results.size(), complete, stalled, non200, retried, retries, wallMs, pct(ttft, 50), pct(ttft, 99),
                pct(total, 50), pct(total, 99), total.length == 0 ? Double.NaN : total[total.length - 1]);
    }

    static void run(String host, int port, byte[] request, byte[] body, byte[] first, byte[] end, int stallMs,
                    int concurrency, int repeat, List<Result> results) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int r = 0; r < repeat; r++) {
                        results.add(withRetries(host, port, request, body, first, end, stallMs));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        go.countDown();
        done.await();
    }

    static final int RETRIES = Integer.getInteger("retries", 0);

    static Result withRetries(String host, int port, byte[] request, byte[] body, byte[] first, byte[] end,
                              int stallMs) throws InterruptedException {
        long start = System.nanoTime();
        Refusal[] refusal = new Refusal[1];
        Result r = one(host, port, request, body, first, end, stallMs, start, refusal);
        int retries = 0;
        while (refusal[0] != null && retries < RETRIES) {
            Thread.sleep(refusal[0].retryAfterMs());
            retries++;
            refusal[0] = null;
            r = one(host, port, request, body, first, end, stallMs, start, refusal);
        }
        return r.afterRetries(retries);
    }

    static Result one(String host, int port, byte[] request, byte[] body, byte[] first, byte[] end, int stallMs,
                      long start, Refusal[] refusal) {
        long firstAt = -1;
        int status = -1;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(stallMs);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            Matcher firstSeen = new Matcher(first);
            Matcher endSeen = new Matcher(end);
            int n;
            while ((n = in.read(buf)) > 0) {
                if (status < 0 && n >= 12) {
                    status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
                    if (status == 429 || status == 503 || status == 529) {
                        refusal[0] = new Refusal(status, retryAfterMs(new String(buf, 0, n,
                                StandardCharsets.ISO_8859_1)));
                    }
                }
                if (firstAt < 0 && firstSeen.feed(buf, n)) {
                    firstAt = System.nanoTime();
                }
                if (endSeen.feed(buf, n)) {
                    long now = System.nanoTime();
                    return new Result((firstAt - start) / 1e6, (now - start) / 1e6, status == 200 && firstAt > 0,
                            false, status, 0);
                }
            }
            return new Result(-1, (System.nanoTime() - start) / 1e6, false, false, status, 0);
        } catch (SocketTimeoutException e) {
            return new Result(-1, (System.nanoTime() - start) / 1e6, false, true, status, 0);
        } catch (IOException e) {
            return new Result(-1, (System.nanoTime() - start) / 1e6, false, false, status, 0);
        }
    }

    /** The retry-after header's seconds, from the answer's first bytes; 1 s without one. */
    static long retryAfterMs(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "retry-after:", 0, 12)) {
                try {
                    return Math.max(0, Long.parseLong(line.substring(12).trim())) * 1000;
                } catch (NumberFormatException e) {
                    break;
                }
            }
            if (line.isEmpty()) {
                break;
            }
        }
        return 1000;
    }

    /** Finds a marker in a byte stream fed in pieces, without copying them (the marker has no repeated prefix). */
    static final class Matcher {
        private final byte[] marker;
        private int matched;

        Matcher(byte[] marker) {
            this.marker = marker;
        }

        boolean feed(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == marker[matched]) {
                    if (++matched == marker.length) {
                        return true;
                    }
                } else {
                    matched = buf[i] == marker[0] ? 1 : 0;
                }
            }
            return false;
        }
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
