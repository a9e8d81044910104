package dev.dromedary.stream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body that writes itself to the client on the request's own thread, flushing when it chooses. The
 * platform-http binding hands it the response stream ({@code DromedaryHttpBinding}); an {@code InputStream} body
 * would need a second thread and a queue per open stream to do the same.
 */
public interface StreamingBody {

    /** Writes the whole body; returns when it has ended, normally or because the client left. */
    void writeTo(OutputStream out) throws IOException;
}
