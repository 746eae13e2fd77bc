package dev.switchboard.router

import dev.switchboard.CreateRequest

/**
 * How a [Router] chooses the deployment of a group for one call, among those that can take it now (healthy, under
 * their limit, gate open) and, for a retry, not yet tried by the call when any such is left. The built-in ones are
 * in [RoutingStrategies]; write your own for anything else (by region, by cost, sticky by user).
 *
 * Called under the group's lock, once per attempt: it must be quick, must not block and must not call the router.
 * Safe to share between groups and routers when it keeps no state, or thread-safe state.
 */
public fun interface RoutingStrategy {
    /**
     * The deployment, one of [candidates] (never empty), to send [request] to; [streaming] tells whether the call is
     * a stream (a latency strategy then looks at [DeploymentStats.timeToFirstToken]).
     *
     * What it throws fails the call (with the exception as it is); returning a deployment not in [candidates] fails
     * it with [IllegalStateException].
     */
    public fun choose(candidates: List<DeploymentStats>, request: CreateRequest, streaming: Boolean): DeploymentStats
}
