package dev.dromedary.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body stream that reports every byte read to {@link #counted}, which may refuse the rest by throwing.
 * It wraps the servlet's stream (the size limit) or whatever stream a route was given as its body (the memory
 * budget); the non-blocking methods are the servlet stream's, or those of a stream read to its end by blocking.
 */
public abstract class CountedInputStream extends ServletInputStream {

    private final InputStream in;
    private boolean finished;

    protected CountedInputStream(InputStream in) {
        this.in = in;
    }

    /** Called after each read with the number of bytes it returned. */
    protected abstract void counted(int n) throws IOException;

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        } else {
            finished = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            counted(n);
        } else if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean isFinished() {
        return in instanceof ServletInputStream s ? s.isFinished() : finished;
    }

    @Override
    public boolean isReady() {
        return !(in instanceof ServletInputStream s) || s.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        if (!(in instanceof ServletInputStream s)) {
            throw new IllegalStateException("a blocking body stream has no read listener");
        }
        s.setReadListener(listener);
    }
}
