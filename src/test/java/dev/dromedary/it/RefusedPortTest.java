package dev.dromedary.it;

import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusedPortTest {

    @Test
    void connectionsAreRefused() {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", RefusedPort.port()), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void noServerCanTakeThePort() {
        assertThatThrownBy(() -> {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", RefusedPort.port()));
            }
        }).isInstanceOf(BindException.class);
    }
}
