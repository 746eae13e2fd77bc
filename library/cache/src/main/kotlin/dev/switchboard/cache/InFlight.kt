package dev.switchboard.cache

import dev.switchboard.replay.Recording
import kotlinx.coroutines.CompletableDeferred
import java.util.concurrent.ConcurrentHashMap

/**
 * The calls under way, by cache key, for [ChatCompletionCache.Builder.coalesce]: the first caller of a key leads (it
 * calls the provider and [finish]es with the answer, or null when it has none), later ones follow (they await it).
 */
internal class InFlight {
    private val calls = ConcurrentHashMap<String, CompletableDeferred<Recording?>>()

    /** A new ticket for [key]: [Ticket.lead] is true for the first caller, who must [finish] it. */
    fun enter(key: String): Ticket {
        val mine = CompletableDeferred<Recording?>()
        val prior = calls.putIfAbsent(key, mine)
        return if (prior == null) Ticket(key, mine, lead = true) else Ticket(key, prior, lead = false)
    }

    /** Ends the call [ticket] leads with [answer] (null: failed or cancelled, followers ask the provider themselves). */
    fun finish(ticket: Ticket, answer: Recording?) {
        calls.remove(ticket.key, ticket.call)
        ticket.call.complete(answer)
    }

    class Ticket(val key: String, val call: CompletableDeferred<Recording?>, val lead: Boolean)
}
