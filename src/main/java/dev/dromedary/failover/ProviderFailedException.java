package dev.dromedary.failover;

import dev.dromedary.error.BridgeException;

/**
 * A provider attempt failed in a way another provider may not: the failover load balancer of the {@code dispatch}
 * route moves on when it sees this (and only this). Carries the Anthropic error of the failure.
 */
public final class ProviderFailedException extends BridgeException {

    public ProviderFailedException(BridgeException error) {
        super(error.status(), error.errorType(), error.getMessage(), error.retryAfter(), error);
    }
}
