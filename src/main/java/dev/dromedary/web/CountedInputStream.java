package dev.dromedary.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;

/** A request body stream that reports every byte read to {@link #counted}, which may refuse the rest by throwing. */
public abstract class CountedInputStream extends ServletInputStream {

    private final ServletInputStream in;

    protected CountedInputStream(ServletInputStream in) {
        this.in = in;
    }

    /** Called after each read with the number of bytes it returned. */
    protected abstract void counted(int n) throws IOException;

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }
}
