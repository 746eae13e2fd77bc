package dev.switchboard.spring.boot

import dev.switchboard.ChatCompletionClient
import org.springframework.beans.factory.BeanFactory
import org.springframework.boot.actuate.health.Health
import org.springframework.boot.actuate.health.HealthIndicator
import java.net.URI

/**
 * The `switchboard` health: each configured client's provider, model and endpoint (without user info or query, which
 * may carry keys). It calls no model and spends no tokens: UP when every client was built, DOWN naming the client
 * whose construction failed.
 */
public class SwitchboardHealthIndicator internal constructor(
    private val names: List<String>,
    private val beans: BeanFactory,
) : HealthIndicator {
    override fun health(): Health {
        val b = Health.up()
        for (name in names) {
            val client = try {
                beans.getBean(name, ChatCompletionClient::class.java)
            } catch (e: RuntimeException) {
                return Health.down().withDetail(name, mapOf("error" to (e.javaClass.simpleName))).build()
            }
            val details = linkedMapOf<String, Any>("provider" to client.provider, "model" to client.model)
            client.endpoint?.let { details["endpoint"] = withoutSecrets(it) }
            b.withDetail(name, details)
        }
        return b.build()
    }

    private fun withoutSecrets(endpoint: String): String = runCatching {
        val u = URI(endpoint)
        if (u.scheme == null || u.host == null) return@runCatching endpoint.substringBefore('?').substringAfter('@')
        URI(u.scheme, null, u.host, u.port, u.path, null, null).toString()
    }.getOrElse { "(not shown)" }

    override fun toString(): String = "SwitchboardHealthIndicator(clients=$names)"
}
