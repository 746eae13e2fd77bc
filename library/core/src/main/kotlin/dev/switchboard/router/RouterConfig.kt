package dev.switchboard.router

import dev.switchboard.ChatCompletionClient

/**
 * A [Router] as plain data: groups of deployments naming their clients, strategies and gates by name, fallbacks and
 * settings. What a configuration file is read into; [Router.fromConfig] builds the router, given the clients (and
 * any strategies and gates of your own) by name. Immutable.
 */
public class RouterConfig @JvmOverloads constructor(
    /** The groups, in order; the first is the default one unless [defaultGroup] names another. */
    groups: List<GroupConfig>,
    /** The fallbacks. */
    fallbacks: List<FallbackConfig> = emptyList(),
    /** The settings of every group. */
    public val settings: RouterSettings = RouterSettings.DEFAULT,
    /** The group the router's own calls go to, or null for the first. */
    public val defaultGroup: String? = null,
) {
    /** The groups, in order. */
    public val groups: List<GroupConfig> = groups.toList()

    /** The fallbacks. */
    public val fallbacks: List<FallbackConfig> = fallbacks.toList()

    internal fun toBuilder(
        clients: Map<String, ChatCompletionClient>,
        strategies: Map<String, RoutingStrategy>,
        gates: Map<String, DeploymentGate>,
    ): RouterBuilder {
        val b = Router.builder().settings(settings)
        defaultGroup?.let { b.defaultGroup(it) }
        for (g in groups) {
            val strategy = strategies[g.strategy] ?: RoutingStrategies.named(g.strategy)
            b.group(g.name) {
                strategy(strategy)
                for (d in g.deployments) {
                    val client = requireNotNull(clients[d.client]) {
                        "Deployment '${g.name}/${d.name}' names client '${d.client}', which is not among the clients given (${clients.keys})"
                    }
                    val gate = d.gate?.let { name ->
                        requireNotNull(gates[name]) { "Deployment '${g.name}/${d.name}' names gate '$name', which is not among the gates given (${gates.keys})" }
                    }
                    deployment(d.name, client, d.weight, d.maxInFlight, gate)
                }
            }
        }
        for (f in fallbacks) b.fallback(f.from, f.on, *f.to.toTypedArray())
        return b
    }

    override fun toString(): String = "RouterConfig(groups=$groups, fallbacks=$fallbacks, settings=$settings, defaultGroup=$defaultGroup)"
}

/** One group of a [RouterConfig]. */
public class GroupConfig @JvmOverloads constructor(
    /** The group's name, as calls and fallbacks name it. */
    public val name: String,
    /** The deployments, in order. */
    deployments: List<DeploymentConfig>,
    /** The strategy's name: one of [RoutingStrategies.NAMES], or one given to [Router.fromConfig]. */
    public val strategy: String = "simple-shuffle",
) {
    /** The deployments, in order. */
    public val deployments: List<DeploymentConfig> = deployments.toList()

    override fun toString(): String = "GroupConfig(name=$name, deployments=$deployments, strategy=$strategy)"
}

/** One deployment of a [GroupConfig]; see [RouteGroupBuilder.deployment] for the values. */
public class DeploymentConfig @JvmOverloads constructor(
    /** The deployment's name, unique in its group. */
    public val name: String,
    /** The name of its client among those given to [Router.fromConfig]. */
    public val client: String,
    /** Its weight (positive). */
    public val weight: Int = 1,
    /** The most calls at once, or 0 for no limit. */
    public val maxInFlight: Int = 0,
    /** The name of its gate among those given to [Router.fromConfig], or null for none. */
    public val gate: String? = null,
) {
    override fun toString(): String = "DeploymentConfig(name=$name, client=$client, weight=$weight, maxInFlight=$maxInFlight, gate=$gate)"
}

/** One fallback of a [RouterConfig]: the calls of group [from] that fail for [on] go to the groups [to], in order. */
public class FallbackConfig(
    /** The group whose calls fall back. */
    public val from: String,
    /** The groups to try, in order. */
    to: List<String>,
    /** What makes them fall back. */
    public val on: FallbackTrigger,
) {
    /** The groups to try, in order. */
    public val to: List<String> = to.toList()

    override fun toString(): String = "FallbackConfig(from=$from, to=$to, on=$on)"
}
