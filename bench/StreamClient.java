import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Opens K concurrent streaming requests and measures each: time to the first token (the first
 * content_block_delta of an Anthropic stream, or the first content chunk of an OpenAI one), total time, whether
 * the stream ended properly (message_stop / [DONE]) and whether it stalled (no byte for STALL_MS).
 * Prints one JSON line. Usage:
 *   java StreamClient.java HOST PORT PATH anthropic|openai CONCURRENCY REPEAT STALL_MS BODY_FILE
 * REPEAT requests are made one after another on each of the CONCURRENCY connections' threads.
 */
public class StreamClient {

    record Result(double ttftMs, double totalMs, boolean complete, boolean stalled, int status) {
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

        List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(concurrency);
        long wall = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int r = 0; r < repeat; r++) {
                        results.add(one(host, port, request, body, first, end, stallMs));
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
        double wallMs = (System.nanoTime() - wall) / 1e6;

        double[] ttft = results.stream().filter(Result::complete).mapToDouble(Result::ttftMs).sorted().toArray();
        double[] total = results.stream().filter(Result::complete).mapToDouble(Result::totalMs).sorted().toArray();
        long complete = results.stream().filter(Result::complete).count();
        long stalled = results.stream().filter(Result::stalled).count();
        long non200 = results.stream().filter(r -> r.status() != 200).count();
        System.out.printf(java.util.Locale.ROOT,
                "{\"requests\":%d,\"complete\":%d,\"stalled\":%d,\"non200\":%d,\"wall_ms\":%.1f,"
                        + "\"ttft_p50_ms\":%.3f,\"ttft_p99_ms\":%.3f,\"total_p50_ms\":%.1f,\"total_p99_ms\":%.1f,"
                        + "\"total_max_ms\":%.1f}%n",
                results.size(), complete, stalled, non200, wallMs, pct(ttft, 50), pct(ttft, 99), pct(total, 50),
                pct(total, 99), total.length == 0 ? Double.NaN : total[total.length - 1]);
    }

    static Result one(String host, int port, byte[] request, byte[] body, byte[] first, byte[] end, int stallMs) {
        long start = System.nanoTime();
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
            byte[] buf = new byte[16384];
            byte[] window = new byte[0];
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] seen = concat(window, buf, n);
                if (status < 0 && seen.length >= 12) {
                    status = Integer.parseInt(new String(seen, 9, 3, StandardCharsets.US_ASCII));
                }
                if (firstAt < 0 && indexOf(seen, first) >= 0) {
                    firstAt = System.nanoTime();
                }
                if (indexOf(seen, end) >= 0) {
                    long now = System.nanoTime();
                    return new Result((firstAt - start) / 1e6, (now - start) / 1e6, status == 200 && firstAt > 0,
                            false, status);
                }
                // keep a tail so that a marker split across reads is still found
                window = Arrays.copyOfRange(seen, Math.max(0, seen.length - 64), seen.length);
            }
            return new Result(-1, (System.nanoTime() - start) / 1e6, false, false, status);
        } catch (SocketTimeoutException e) {
            return new Result(-1, (System.nanoTime() - start) / 1e6, false, true, status);
        } catch (IOException e) {
            return new Result(-1, (System.nanoTime() - start) / 1e6, false, false, status);
        }
    }

    static byte[] concat(byte[] a, byte[] b, int n) {
        byte[] out = Arrays.copyOf(a, a.length + n);
        System.arraycopy(b, 0, out, a.length, n);
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
