@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.config.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.router.DeploymentConfig
import dev.switchboard.router.DeploymentGate
import dev.switchboard.router.FallbackConfig
import dev.switchboard.router.FallbackTrigger
import dev.switchboard.router.GroupConfig
import dev.switchboard.router.Router
import dev.switchboard.router.RouterConfig
import dev.switchboard.router.RouterSettings
import dev.switchboard.router.RoutingStrategies
import dev.switchboard.spi.SwitchboardSpi

/**
 * `router`: `groups` of deployments (each a client's `provider` and `config` beside its `name`, `weight`,
 * `max_in_flight` and `rate_limits`), `fallbacks`, `settings` and `default_group`, read into a [RouterConfig].
 */
internal class RouterProvider : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "router"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val clients = LinkedHashMap<String, ChatCompletionClient>()
        val gates = LinkedHashMap<String, DeploymentGate>()
        val groupNodes = config.nodes("groups")
        if (groupNodes.isEmpty()) config.fail("groups", "missing (expected a list of groups, each with a name and deployments)")
        val groups = groupNodes.map { g ->
            val groupName = g.string("name", "the group's name")
            val strategy = g.choice("strategy", RoutingStrategies.NAMES, "simple-shuffle")!!
            val deploymentNodes = g.nodes("deployments")
            if (deploymentNodes.isEmpty()) g.fail("deployments", "missing (expected a list of deployments, each a name and a client's provider and config)")
            val deployments = deploymentNodes.map { d ->
                val name = d.string("name", "the deployment's name")
                val weight = d.int("weight", 1).also { if (it < 1) d.fail("weight", "expected a whole number of at least 1") }
                val maxInFlight = d.int("max_in_flight", 0).also { if (it < 0) d.fail("max_in_flight", "expected 0 (no limit) or more") }
                val limitsNode = d.nodeOrNull("rate_limits")
                var client = context.component(d, ComponentKind.CLIENT)
                val key = "$groupName/$name"
                if (key in clients) d.fail("name", "group \"$groupName\" already has a deployment \"$name\"")
                var gate: String? = null
                if (limitsNode != null) {
                    val read = RateLimitReader.limiter(limitsNode, context)
                    gates[key] = read.limiter.gate(client)
                    client = RateLimitReader.wrap(read, client, context)
                    gate = key
                }
                clients[key] = client
                DeploymentConfig(name, key, weight, maxInFlight, gate)
            }
            GroupConfig(groupName, deployments, strategy)
        }
        val names = groups.map { it.name }
        fun group(node: ConfigNode, key: String, value: String): String =
            value.also { if (it !in names) node.fail(key, "unknown group \"${it.take(40)}\" (groups: ${names.joinToString(", ")})") }
        val fallbacks = config.nodes("fallbacks").map { f ->
            val from = group(f, "from", f.string("from", "the name of the group whose calls fall back"))
            val to = (if (f.elementOrNull("to") is kotlinx.serialization.json.JsonArray) f.stringList("to") else listOfNotNull(f.stringOrNull("to")))
                .ifEmpty { f.fail("to", "missing (expected a group name or a list of them)") }.map { group(f, "to", it) }
            val on = f.choice("on", TRIGGERS.keys.toList(), "error")!!
            FallbackConfig(from, to, TRIGGERS.getValue(on))
        }
        val defaultGroup = config.stringOrNull("default_group")?.let { group(config, "default_group", it) }
        val settings = config.nodeOrNull("settings")?.let(::settings) ?: RouterSettings.DEFAULT
        return Router.fromConfig(RouterConfig(groups, fallbacks, settings, defaultGroup), clients, emptyMap(), gates)
    }

    private fun settings(s: ConfigNode): RouterSettings {
        val b = RouterSettings.builder()
        s.intOrNull("retries")?.let { b.retries(it) }
        s.durationOrNull("initial_backoff")?.let { b.initialBackoff(it) }
        s.durationOrNull("max_backoff")?.let { b.maxBackoff(it) }
        s.intOrNull("failure_threshold")?.let { b.failureThreshold(it) }
        s.durationOrNull("failure_window")?.let { b.failureWindow(it) }
        s.durationOrNull("cooldown")?.let { b.cooldown(it) }
        s.durationOrNull("max_retry_after")?.let { b.maxRetryAfter(it) }
        s.intOrNull("max_queued")?.let { b.maxQueued(it) }
        s.durationOrNull("queue_timeout")?.let { b.queueTimeout(it) }
        return b.build()
    }

    private companion object {
        val TRIGGERS = linkedMapOf(
            "error" to FallbackTrigger.ERROR,
            "context_length" to FallbackTrigger.CONTEXT_LENGTH,
            "content_filter" to FallbackTrigger.CONTENT_FILTER,
        )
    }
}
