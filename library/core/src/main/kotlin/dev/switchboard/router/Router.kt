package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import kotlinx.coroutines.flow.Flow

/**
 * A [ChatCompletionClient] over named model groups, each a list of deployments (any clients, of any providers): every
 * call goes to one deployment of a group, chosen by the group's [RoutingStrategy], and moves on when it fails.
 * Build one with [router] (Kotlin), [builder] (Java) or [fromConfig] (a plain data form); the router itself is the
 * client of its default group (the first declared unless [RouterBuilder.defaultGroup] says otherwise), and
 * [group] gives the client of any group.
 *
 * What a call goes through:
 * - **Choice**: among the group's deployments that can take it now (not cooling down, under their `maxInFlight`,
 *   their [DeploymentGate] open), the strategy picks one.
 * - **Retries**: an error about the deployment (rate limit, server error, timeout, broken connection, credentials)
 *   sends the call to another deployment, as [RouterSettings] says, and counts toward the deployment's cooldown; a
 *   429's `Retry-After` cools it down for that long at once.
 * - **Fallbacks**: once the group gave up, the call goes to the groups its fallbacks name for the trigger
 *   ([FallbackTrigger]: errors, context length, content filter), in order, each with its own retries; fallbacks are
 *   those of the group the call was sent to (not chained through the fallback groups).
 * - **Streams**: a failure before the first event reaches the caller is retried or falls back like a `create`; after
 *   it, the caller gets the error as it is (content is never sent twice), and the deployment has it counted.
 * - **Queue**: when no deployment of the group can take the call, it waits in the group's queue, ordered by
 *   [CreateRequest.priority] (see [RouterSettings]).
 *
 * It reports itself as provider `router`, model the group's name and no endpoint; [modelInfo] is what every
 * deployment of the group can do. [totalUsage] and [actualUsage] add up the answers of every group's deployments;
 * [deployments] tells each one's own. Behind a call events logger (`logged()`), each event names the `deployment`
 * that answered and the `skipped` ones and why (see [dev.switchboard.wrap.CallAnnotations]).
 *
 * Safe to share between coroutines and threads. The router starts no coroutine or thread of its own: waits and
 * backoffs suspend the caller, and cancelling the caller cancels the call and leaves the queue. [close] closes every
 * deployment's client.
 */
public class Router internal constructor(
    private val core: RouterCore,
    defaultGroup: String,
) : ChatCompletionClient {
    private val primary = GroupClient(core, core.groups.getValue(defaultGroup))

    /** The names of the groups, in the order declared. */
    public val groups: List<String> = core.groups.keys.toList()

    /** Every deployment of every group, in the order declared, with what the router knows of it now. */
    public val deployments: List<DeploymentStats> = core.groups.values.flatMap { it.deployments }

    /**
     * The client of group [name]: its calls are routed over the group's deployments, with the group's fallbacks,
     * and its usage is the group's. Closing it closes nothing (the router owns the deployments).
     *
     * @throws IllegalArgumentException when the router has no such group.
     */
    public fun group(name: String): ChatCompletionClient {
        val g = requireNotNull(core.groups[name]) { "The router has no group '$name' (it has ${core.groups.keys})" }
        return GroupClient(core, g)
    }

    /**
     * What the router knows of deployment [name] of group [group].
     *
     * @throws IllegalArgumentException when there is no such deployment.
     */
    public fun deployment(group: String, name: String): DeploymentStats =
        requireNotNull(core.groups[group]?.deployments?.firstOrNull { it.name == name }) { "The router has no deployment '$group/$name'" }

    /** How many calls wait in the queue of group [name] now (0 for an unknown group). */
    public fun queued(name: String): Int = core.groups[name]?.queued ?: 0

    /** The default group's name. */
    override val model: String get() = primary.model

    /** What every deployment of the default group can do. */
    override val modelInfo: ModelInfo get() = primary.modelInfo

    /** Always `router`. */
    override val provider: String get() = primary.provider

    /** Always null: the calls go to several endpoints. */
    override val endpoint: String? get() = primary.endpoint

    /** The tokens of every answer the router got, over every group (cache hits inside a deployment included). */
    override val totalUsage: RequestUsage get() = core.usage(core.groups.values, actual = false)

    /** The tokens of the answers that reached a provider, over every group. */
    override val actualUsage: RequestUsage get() = core.usage(core.groups.values, actual = true)

    /**
     * The answer of a deployment of the default group (or of a fallback group) to [request].
     *
     * Cancelling the caller cancels the deployment's call, or the wait in the queue or before a retry.
     *
     * @throws dev.switchboard.CapabilityMissingException when the request needs what not every deployment of the
     *   group can do (nothing is sent).
     * @throws dev.switchboard.SwitchboardException the last deployment's failure when every attempt and fallback
     *   failed (the earlier failures added as suppressed); a `RateLimitException` of provider `router` (status 0)
     *   when no deployment could take the call and the queue was full or the wait too long.
     * @throws IllegalStateException when the router is closed.
     */
    override suspend fun create(request: CreateRequest): CreateResult = primary.create(request)

    /**
     * A cold flow of the default group's answer to [request], as [create] routes it. A failure before the first event
     * is retried on another deployment or falls back to another group; once an event has reached the collector, the
     * stream is that deployment's, and a failure reaches the collector as the deployment threw it
     * ([dev.switchboard.StreamInterruptedException] and the like). The last event is always
     * [ChatStreamEvent.Completed].
     *
     * Cancelling the collector closes the deployment's stream.
     *
     * @throws dev.switchboard.SwitchboardException (from the flow) as for [create], or the deployment's failure after
     *   the first event.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = primary.createStream(request)

    /** Counted by the default group's first deployment. */
    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = primary.countTokens(messages, tools)

    /**
     * Closes the client of every deployment, each once; calls made afterwards fail with [IllegalStateException].
     *
     * @throws Exception the first failure of a client's close (the others added as suppressed), after closing all.
     */
    override fun close() {
        core.close()
    }

    override fun toString(): String = "Router(" + core.groups.values.joinToString("; ") { g ->
        "${g.name}: ${g.deployments.joinToString(", ") { it.name }}"
    } + ")"

    /** Factories of [Router]. */
    public companion object {
        /** An empty builder: add at least one group. */
        @JvmStatic
        public fun builder(): RouterBuilder = RouterBuilder()

        /**
         * The router [config] describes, its deployments' clients taken from [clients] by name, its strategies from
         * [strategies] by name (or [RoutingStrategies.named]) and its gates from [gates] by name: what a
         * configuration file is read into.
         *
         * @throws IllegalArgumentException when a name is missing from its map, or the config is not a valid router
         *   (as for [RouterBuilder.build]).
         */
        @JvmStatic
        @JvmOverloads
        public fun fromConfig(
            config: RouterConfig,
            clients: Map<String, ChatCompletionClient>,
            strategies: Map<String, RoutingStrategy> = emptyMap(),
            gates: Map<String, DeploymentGate> = emptyMap(),
        ): Router = config.toBuilder(clients, strategies, gates).build()
    }
}

/**
 * A [Router] built in Kotlin:
 * ```
 * val client = router {
 *     group("gpt") {
 *         strategy = RoutingStrategies.WEIGHTED
 *         deployment("east", eastClient, weight = 2)
 *         deployment("west", westClient, maxInFlight = 16)
 *     }
 *     group("claude") { deployment("anthropic", claudeClient) }
 *     fallback("gpt", to = "claude")
 *     settings { retries = 1; cooldown = 10.seconds }
 * }
 * ```
 *
 * @throws IllegalArgumentException as [RouterBuilder.build] does.
 */
@JvmSynthetic
public fun router(block: RouterBuilder.() -> Unit): Router = RouterBuilder().apply(block).build()
