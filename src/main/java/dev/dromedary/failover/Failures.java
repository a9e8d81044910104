package dev.dromedary.failover;

import dev.dromedary.error.BridgeException;
import dev.dromedary.error.ErrorMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

/** Which failures of a provider call another provider may fix, and which are the client's own. */
public final class Failures {

    private Failures() {
    }

    /**
     * The client's fault, the same at every provider: an upstream 400/401/403/404/413/422 and our own validation.
     * It neither fails over nor counts against a circuit breaker.
     */
    public static boolean clientFault(Throwable failure) {
        return ErrorMapper.unwrap(failure) instanceof BridgeException b
                && !(b instanceof ProviderFailedException)
                && b.status() >= 400 && b.status() < 500 && b.status() != 408 && b.status() != 429;
    }

    public static boolean breakerOpen(Throwable failure) {
        return ErrorMapper.unwrap(failure) instanceof CallNotPermittedException;
    }

    /** The Anthropic error of a failed call to {@code provider}. */
    public static BridgeException map(Throwable failure, String provider) {
        Throwable t = ErrorMapper.unwrap(failure);
        if (t instanceof CallNotPermittedException) {
            return new BridgeException(529, "overloaded_error", "provider " + provider
                    + " is failing: its circuit breaker is open");
        }
        return ErrorMapper.map(t, provider);
    }
}
