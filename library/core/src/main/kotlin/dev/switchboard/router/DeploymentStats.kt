package dev.switchboard.router

import dev.switchboard.RequestUsage
import java.time.Duration

/**
 * What a [Router] knows of one deployment of a group, live: what a [RoutingStrategy] chooses by, and what a
 * monitoring page shows ([Router.deployments]). Every value is read as it is at the moment of the read; the
 * router's own counting is for the calls it routed, not those made on the client directly.
 */
public interface DeploymentStats {
    /** The group the deployment belongs to. */
    public val group: String

    /** The deployment's name, unique in its group. */
    public val name: String

    /** Its weight for [RoutingStrategies.WEIGHTED] (1 unless configured). */
    public val weight: Int

    /** Calls (and streams) it is answering now. */
    public val inFlight: Int

    /** The most calls it may answer at once, or 0 for no limit. */
    public val maxInFlight: Int

    /** Moving average of the time a `create` took, or null before the first one. */
    public val latency: Duration?

    /** Moving average of the time a stream took to its first event, or null before the first one. */
    public val timeToFirstToken: Duration?

    /** Prompt and completion tokens of the answers it gave in the current minute (of the router's clock). */
    public val tokensThisMinute: Long

    /** The tokens of every answer it gave through the router (answers from a cache inside included). */
    public val usage: RequestUsage

    /** Calls it answered through the router. */
    public val calls: Long

    /** Calls it failed (errors about the deployment, the request's own excluded). */
    public val failures: Long

    /** How much longer it cools down (no call is sent to it meanwhile), or zero when it is healthy. */
    public val coolingDownFor: Duration
}
