package dev.switchboard.router

import dev.switchboard.CreateRequest
import java.time.Duration

/**
 * Whether a deployment can take a request now: the hook a client-side rate limiter implements, so that a [Router]
 * sends a call to a deployment that has room rather than one that would make it wait. A deployment whose gate is
 * closed is skipped (`gate_closed`); when every deployment of a group is closed, cooling down or at its limit, the
 * call waits in the group's queue.
 *
 * The router asks it under the group's lock, once per deployment at every choice: it must be cheap, must not block
 * and must not call the router. It only tells: the limiter (a wrapper around the deployment's client) still enforces
 * its limits on the call itself.
 */
public fun interface DeploymentGate {
    /**
     * How long until the deployment may take [request]: zero (or negative) when it can now; otherwise the limiter's
     * best guess, which the router waits at most before it asks again (it also asks whenever a call of the group ends).
     */
    public fun availableIn(request: CreateRequest): Duration
}
