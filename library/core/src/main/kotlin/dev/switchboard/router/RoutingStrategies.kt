package dev.switchboard.router

import java.util.concurrent.ThreadLocalRandom

/**
 * The built-in [RoutingStrategy]s, each also known by its name for configuration ([named]). Ties are broken at
 * random, so that equal deployments share the load. Each is stateless and safe to share.
 */
public object RoutingStrategies {
    /** `simple-shuffle`: any candidate, uniformly at random (weights ignored). The default. */
    @JvmField
    public val SIMPLE_SHUFFLE: RoutingStrategy = RoutingStrategy { candidates, _, _ -> candidates[random(candidates.size)] }

    /** `weighted`: a candidate at random, in proportion to its [DeploymentStats.weight]. */
    @JvmField
    public val WEIGHTED: RoutingStrategy = RoutingStrategy { candidates, _, _ -> weighted(candidates) }

    /** `least-busy`: the candidate with the fewest calls in flight. */
    @JvmField
    public val LEAST_BUSY: RoutingStrategy = RoutingStrategy { candidates, _, _ -> lowest(candidates) { it.inFlight.toLong() } }

    /**
     * `lowest-latency`: the candidate with the lowest moving average of its latency, or of its time to first token for
     * a stream; a deployment not measured yet (for that kind of call) counts as the fastest, so that each is measured.
     */
    @JvmField
    public val LOWEST_LATENCY: RoutingStrategy = RoutingStrategy { candidates, _, streaming ->
        lowest(candidates) { d -> (if (streaming) d.timeToFirstToken else d.latency)?.toNanos() ?: 0L }
    }

    /** `usage-based`: the candidate that answered the fewest tokens in the current minute. */
    @JvmField
    public val USAGE_BASED: RoutingStrategy = RoutingStrategy { candidates, _, _ -> lowest(candidates) { it.tokensThisMinute } }

    /** The names [named] knows, in the order of this object's fields. */
    @JvmField
    public val NAMES: List<String> = listOf("simple-shuffle", "weighted", "least-busy", "lowest-latency", "usage-based")

    /**
     * The built-in strategy called [name] (one of [NAMES]).
     *
     * @throws IllegalArgumentException for any other name.
     */
    @JvmStatic
    public fun named(name: String): RoutingStrategy = when (name) {
        "simple-shuffle" -> SIMPLE_SHUFFLE
        "weighted" -> WEIGHTED
        "least-busy" -> LEAST_BUSY
        "lowest-latency" -> LOWEST_LATENCY
        "usage-based" -> USAGE_BASED
        else -> throw IllegalArgumentException("Unknown routing strategy '$name': use one of $NAMES or register your own")
    }

    private fun random(bound: Int): Int = if (bound == 1) 0 else ThreadLocalRandom.current().nextInt(bound)

    private fun weighted(candidates: List<DeploymentStats>): DeploymentStats {
        if (candidates.size == 1) return candidates[0]
        var total = 0L
        for (c in candidates) total += c.weight
        var r = ThreadLocalRandom.current().nextLong(total)
        for (c in candidates) {
            r -= c.weight
            if (r < 0) return c
        }
        return candidates.last()
    }

    /** The candidate with the lowest [key], ties broken uniformly at random (reservoir sampling, no allocation). */
    private inline fun lowest(candidates: List<DeploymentStats>, key: (DeploymentStats) -> Long): DeploymentStats {
        var best = candidates[0]
        var bestKey = key(best)
        var ties = 1
        for (i in 1 until candidates.size) {
            val c = candidates[i]
            val k = key(c)
            if (k < bestKey) {
                best = c; bestKey = k; ties = 1
            } else if (k == bestKey) {
                ties++
                if (ThreadLocalRandom.current().nextInt(ties) == 0) best = c
            }
        }
        return best
    }
}
