package dev.dromedary.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for the whole test JVM. A port merely closed after
 * {@code new ServerSocket(0)} can be handed to the next server that binds port 0 (CI once saw a 404 from another
 * test's server on the "dead" provider's port); a socket bound and never listening keeps the port taken, and the
 * kernel answers every connection attempt with a reset.
 */
final class RefusedPort {

    private static final Socket HOLDER = bind();

    private RefusedPort() {
    }

    static int port() {
        return HOLDER.getLocalPort();
    }

    private static Socket bind() {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0)); // the address the providers' URLs name
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
