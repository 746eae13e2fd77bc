package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.SwitchboardDsl
import dev.switchboard.ratelimit.RateLimiter
import java.util.function.Consumer

/**
 * Builds a [Router]: its groups, their fallbacks and its settings. From Java:
 * ```
 * Router router = Router.builder()
 *     .group("gpt", g -> g.strategy(RoutingStrategies.LEAST_BUSY).deployment("east", east).deployment("west", west, 2))
 *     .group("claude", g -> g.deployment("anthropic", claude))
 *     .fallback("gpt", FallbackTrigger.ERROR, "claude")
 *     .build();
 * ```
 * From Kotlin, [router] gives the same builder as a receiver. Not thread-safe; build once.
 */
@SwitchboardDsl
public class RouterBuilder internal constructor() {
    private val groups = LinkedHashMap<String, RouteGroupBuilder>()
    private val fallbacks = LinkedHashMap<String, LinkedHashMap<FallbackTrigger, MutableList<String>>>()
    private var settings: RouterSettings = RouterSettings.DEFAULT
    private var defaultGroup: String? = null

    /**
     * Adds group [name] (or adds to it, when it exists) as [configure] describes it: its deployments and strategy.
     *
     * @throws IllegalArgumentException when [name] is blank.
     */
    public fun group(name: String, configure: Consumer<RouteGroupBuilder>): RouterBuilder = apply {
        require(name.isNotBlank()) { "A group name must not be blank" }
        configure.accept(groups.getOrPut(name) { RouteGroupBuilder(name) })
    }

    /** Adds group [name] (or adds to it) as [block] describes it; for Kotlin. */
    @JvmSynthetic
    public fun group(name: String, block: RouteGroupBuilder.() -> Unit): RouterBuilder = group(name, Consumer { it.block() })

    /**
     * Sends the calls of group [from] that fail for [on] to the groups [to], tried in order after any configured before
     * for the same trigger.
     */
    public fun fallback(from: String, on: FallbackTrigger, vararg to: String): RouterBuilder = apply {
        fallbacks.getOrPut(from) { LinkedHashMap() }.getOrPut(on) { ArrayList() } += to
    }

    /** Sends the calls of group [from] that fail for [on] (errors unless given) to group [to]; for Kotlin. */
    @JvmSynthetic
    public fun fallback(from: String, to: String, on: FallbackTrigger = FallbackTrigger.ERROR): RouterBuilder = fallback(from, on, to)

    /** Uses [settings] (retries, cooldown, queue) for every group; [RouterSettings.DEFAULT] unless set. */
    public fun settings(settings: RouterSettings): RouterBuilder = apply { this.settings = settings }

    /** Changes the settings as [block] says, starting from those set so far; for Kotlin. */
    @JvmSynthetic
    public fun settings(block: RouterSettings.Builder.() -> Unit): RouterBuilder = settings(settings.newBuilder().apply(block).build())

    /** Makes group [name] the router's own (the one [Router.create] calls); the first group declared unless set. */
    public fun defaultGroup(name: String): RouterBuilder = apply { defaultGroup = name }

    /**
     * The router.
     *
     * @throws IllegalArgumentException when it has no group, a group has no deployment, a fallback names an unknown
     *   group or its own, or the default group is unknown.
     */
    public fun build(): Router {
        require(groups.isNotEmpty()) { "A router needs at least one group" }
        for ((from, byTrigger) in fallbacks) {
            require(from in groups) { "A fallback is configured for group '$from', which the router does not have (it has ${groups.keys})" }
            for ((trigger, targets) in byTrigger) for (to in targets) {
                require(to in groups) { "Group '$from' falls back on ${trigger.name} to group '$to', which the router does not have" }
                require(to != from) { "Group '$from' cannot fall back to itself" }
            }
        }
        val chosenDefault = defaultGroup ?: groups.keys.first()
        require(chosenDefault in groups) { "The default group '$chosenDefault' is not one of the groups ${groups.keys}" }
        val states = LinkedHashMap<String, GroupState>()
        for ((name, g) in groups) states[name] = g.build(settings)
        val frozen = fallbacks.mapValues { (_, byTrigger) -> byTrigger.mapValues { (_, targets) -> targets.distinct() } }
        return Router(RouterCore(states, frozen, settings), chosenDefault)
    }
}

/** Describes one group of a [RouterBuilder]: its deployments, in order, and its strategy. */
@SwitchboardDsl
public class RouteGroupBuilder internal constructor(
    /** The group's name. */
    public val name: String,
) {
    private class Entry(val name: String, val client: ChatCompletionClient, val weight: Int, val maxInFlight: Int, val gate: DeploymentGate?)

    private val entries = ArrayList<Entry>()

    /** How the group chooses a deployment ([RoutingStrategies.SIMPLE_SHUFFLE] unless set). */
    @get:JvmSynthetic @set:JvmSynthetic
    public var strategy: RoutingStrategy = RoutingStrategies.SIMPLE_SHUFFLE

    /** Sets how the group chooses a deployment. */
    public fun strategy(value: RoutingStrategy): RouteGroupBuilder = apply { strategy = value }

    /**
     * Adds deployment [name] answered by [client], with a [weight] for [RoutingStrategies.WEIGHTED] (positive, 1 by
     * default), at most [maxInFlight] calls at once (0, the default, for no limit), and a [gate] a rate limiter opens
     * and closes (none by default). The same client may serve several deployments or groups; each is counted apart.
     *
     * @throws IllegalArgumentException when the name is blank or taken in the group, or a number is out of range.
     */
    @JvmOverloads
    public fun deployment(
        name: String,
        client: ChatCompletionClient,
        weight: Int = 1,
        maxInFlight: Int = 0,
        gate: DeploymentGate? = null,
    ): RouteGroupBuilder = apply {
        require(name.isNotBlank()) { "A deployment name must not be blank" }
        require(entries.none { it.name == name }) { "Group '${this.name}' already has a deployment '$name'" }
        require(weight >= 1) { "The weight of '${this.name}/$name' must be at least 1 (got $weight)" }
        require(maxInFlight >= 0) { "maxInFlight of '${this.name}/$name' must not be negative (got $maxInFlight)" }
        entries += Entry(name, client, weight, maxInFlight, gate)
    }

    /**
     * Adds deployment [name] answered by [client] through [limiter]: its calls spend the limiter's budget (the client
     * is wrapped by [RateLimiter.wrap]) and its gate is [RateLimiter.gate], so that the router prefers deployments
     * with room and queues calls while every deployment is at its limit. Otherwise as the other `deployment`.
     *
     * @throws IllegalArgumentException when the name is blank or taken in the group, or a number is out of range.
     */
    @JvmOverloads
    public fun deployment(
        name: String,
        client: ChatCompletionClient,
        limiter: RateLimiter,
        weight: Int = 1,
        maxInFlight: Int = 0,
    ): RouteGroupBuilder = deployment(name, limiter.wrap(client), weight, maxInFlight, limiter.gate(client))

    internal fun build(settings: RouterSettings): GroupState {
        require(entries.isNotEmpty()) { "Group '$name' needs at least one deployment" }
        val deployments = entries.map { Deployment(name, it.name, it.client, it.weight, it.maxInFlight, it.gate, settings) }
        return GroupState(name, deployments, strategy, settings)
    }
}
