@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.config.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.events.CallEventLogger
import dev.switchboard.ratelimit.RateLimit
import dev.switchboard.ratelimit.RateLimiter
import dev.switchboard.ratelimit.RateLimitStore
import dev.switchboard.ratelimit.RateLimits
import dev.switchboard.replay.ReplayChatCompletionClient
import dev.switchboard.replay.ReplayFile
import dev.switchboard.spi.SwitchboardSpi
import java.io.IOException

/** `replay`: recordings from a replay file (`file`, relative to the document) or a classpath `resource`. */
internal class ReplayProvider : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "replay"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val b = ReplayChatCompletionClient.builder()
        val file = config.stringOrNull("file")
        val resource = config.stringOrNull("resource")
        when {
            file != null && resource != null -> config.fail("resource", "give either file or resource, not both")
            file != null -> {
                val path = context.resolve(file)
                try {
                    b.recordings(ReplayFile.read(path))
                } catch (e: IOException) {
                    config.fail("file", "cannot read replay file $path (${e.javaClass.simpleName})")
                }
            }
            resource != null -> b.recordings(ReplayFile.readResource(resource))
            else -> config.fail(null, "missing file or resource (expected the replay file to answer from)")
        }
        config.stringOrNull("model")?.let { b.model(it) }
        EndpointSettings.modelInfo(config, "model_info")?.let { b.modelInfo(it) }
        config.durationOrNull("event_delay")?.let { b.eventDelay(it) }
        config.booleanOrNull("verify_message_count")?.let { b.verifyMessageCount(it) }
        return b.build()
    }
}

/** `events`: call events through SLF4J around `client`. */
internal class EventsProvider : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "events"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val b = CallEventLogger.builder()
        config.stringOrNull("logger_name")?.let { b.loggerName(it) }
        config.booleanOrNull("include_content")?.let { b.includeContent(it) }
        return b.build().wrap(context.component(config, "client", ComponentKind.CLIENT))
    }
}

/** `rate-limit`: requests and tokens per period around `client`, local or shared through a `store`. */
internal class RateLimitProvider : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "rate-limit"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val limiter = RateLimitReader.limiter(config, context)
        return RateLimitReader.wrap(limiter, context.component(config, "client", ComponentKind.CLIENT), context)
    }
}

/** The keys of a rate limiter, for `rate-limit` and a router deployment's `rate_limits`. */
internal object RateLimitReader {
    private val PER = listOf("requests_per_minute", "requests_per_day", "tokens_per_minute", "tokens_per_day")

    /** A limiter and the store the document gave it, which the limited client closes (the document owns it). */
    class Read(val limiter: RateLimiter, val store: RateLimitStore?)

    /** [client] behind [read]'s limiter, closing its store after itself. */
    fun wrap(read: Read, client: ChatCompletionClient, context: ConfigContext): ChatCompletionClient {
        val limited = read.limiter.wrap(client)
        val store = read.store
        return if (store is AutoCloseable) context.closingWith(limited, store) else limited
    }

    fun limiter(node: ConfigNode, context: ConfigContext): Read {
        val b = RateLimits.builder()
        for (key in PER) {
            val amount = node.longOrNull(key) ?: continue
            if (amount <= 0) node.fail(key, "expected a positive number")
            when (key) {
                "requests_per_minute" -> b.requestsPerMinute(amount)
                "requests_per_day" -> b.requestsPerDay(amount)
                "tokens_per_minute" -> b.tokensPerMinute(amount)
                else -> b.tokensPerDay(amount)
            }
        }
        for (l in node.nodes("limits")) {
            val amount = l.longOrNull("amount")?.takeIf { it > 0 } ?: l.fail("amount", "expected a positive number")
            val period = l.durationOrNull("period")?.takeIf { !it.isZero && !it.isNegative } ?: l.fail("period", "expected a positive duration such as 1m")
            val kind = l.choice("kind", listOf("requests", "tokens"), null) ?: l.fail("kind", "missing (expected requests or tokens)")
            b.limit(if (kind == "tokens") RateLimit.tokens(amount, period) else RateLimit.requests(amount, period))
        }
        node.durationOrNull("max_wait")?.let { b.maxWait(it) }
        node.intOrNull("default_output_tokens")?.let { b.defaultOutputTokens(it) }
        node.booleanOrNull("learn_from_headers")?.let { b.learnFromHeaders(it) }
        val limits = b.build()
        val name = node.stringOrNull("name")
        val store = context.componentOrNull(node, "store", ComponentKind.RATE_LIMIT_STORE)
        return when {
            store != null && name == null -> node.fail("name", "missing (expected the name a shared limit is stored under)")
            store != null -> Read(RateLimiter.shared(name!!, limits, store), store)
            else -> Read(RateLimiter.of(limits), null)
        }
    }
}
