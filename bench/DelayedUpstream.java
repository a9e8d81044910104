import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow OpenAI-compatible provider for the benchmark: every POST gets an SSE stream of N text chunks, D ms apart,
 * then usage and [DONE]. One virtual thread per connection, so it holds thousands of streams at once.
 * Usage: java DelayedUpstream.java PORT_FILE CHUNKS DELAY_MS   (listens on a free loopback port)
 */
public class DelayedUpstream {

    public static void main(String[] args) throws IOException {
        int chunks = Integer.parseInt(args[1]);
        long delayNanos = Long.parseLong(args[2]) * 1_000_000L;
        try (ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), String.valueOf(server.getLocalPort()));
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket, chunks, delayNanos));
            }
        }
    }

    private static void serve(Socket socket, int chunks, long delayNanos) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (readRequest(in)) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // chunk i is due at start + (i+1)·delay: lateness of one chunk does not push back the others
                long start = System.nanoTime();
                for (int i = 0; i < chunks; i++) {
                    long wait = start + (i + 1) * delayNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    chunk(out, "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"choices\":"
                            + "[{\"index\":0,\"delta\":{\"content\":\"token " + i + " \"}}]}\n\n");
                }
                chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":" + chunks
                        + "}}\n\ndata: [DONE]\n\n");
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one request (headers and Content-Length body); false at end of connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int length = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = line.toString().trim();
                if (l.isEmpty()) {
                    in.readNBytes(length);
                    return true;
                }
                if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        return false;
    }
}
