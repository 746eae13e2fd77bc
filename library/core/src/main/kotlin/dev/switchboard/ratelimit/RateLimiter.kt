package dev.switchboard.ratelimit

import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import dev.switchboard.router.DeploymentGate
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext
import java.time.Duration
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration.Companion.nanoseconds

/**
 * A budget of requests and tokens per period, spent by the calls of the clients it wraps: [wrap] one client for a
 * limit of its own, or several (the deployments of one account, one model's clients across the program) for one
 * shared budget. Made by [of] (kept in this JVM) or [shared] (kept in a [RateLimitStore], such as Redis, shared by
 * every limiter of the same name there, in every process). Kotlin: `client.rateLimited(limits)` or
 * `client.rateLimited(limiter)`; Java: `limiter.wrap(client)`, or `switchboardClient.rateLimited(limiter)`.
 *
 * How a call spends the budget:
 * - **Before the call**, it takes one request from every request limit and, from every token limit, its prompt (the
 *   client's `countTokens` of the messages and tools) plus the output it may generate: `maxTokens` times `n`, or
 *   [RateLimits.defaultOutputTokens] when the request sets no `maxTokens`. A reservation larger than a token limit
 *   takes the whole limit. A stream takes its reservation each time it is collected, when collection starts.
 * - **Over a limit**, the call waits for its turn, suspending (no thread is held), up to [RateLimits.maxWait]; calls
 *   are served in the order they asked, each paying back what it reserved before the next is admitted. A call that
 *   would have to wait longer, or any call over a limit when the limits fail fast, fails at once with
 *   [dev.switchboard.ClientRateLimitException], naming the limit and when it frees; nothing is taken then.
 *   Cancelling a call while it waits gives its whole reservation back.
 * - **After the call**, the token limits are settled from the real usage: a `create` from its result's usage, a
 *   stream from its `Completed` event's; unused tokens are given back, tokens used beyond the reservation are taken
 *   too (the balance may go below zero, and the next calls wait for it to refill). A call that fails settles what it
 *   can: one refused by this library before it was sent gives everything back; one the provider rejected (4xx) gives
 *   its tokens back and keeps its request counted; any other (a 5xx, a broken connection or stream, a timeout, a
 *   cancellation) keeps its prompt tokens, and the output a stream had delivered (about 4 characters a token).
 * - **Retries** of the transport count as one more request each.
 * - **A response cache** inside the limiter (`client.cached(cache).rateLimited(limiter)`): a hit (a result marked
 *   cached) gives its whole reservation back, as it was never sent. A cache outside the limiter answers hits before
 *   they reach it.
 * - **The provider's headers** (OpenAI's and Azure OpenAI's `x-ratelimit-remaining-{requests,tokens}` with
 *   `x-ratelimit-limit-*` and `x-ratelimit-reset-*`, Anthropic's `anthropic-ratelimit-{requests,tokens}-{remaining,
 *   limit,reset}`) tighten the budget, unless [RateLimits.isLearningFromHeaders] is off: the limit of that kind with
 *   the shortest period, when it is a minute or less, is lowered to what the provider says is left (and, knowing the
 *   provider's limit and reset time, so that its own refill stays within the provider's). They never raise it, and
 *   never change the configured limits. Only clients of this library's transport send headers.
 * - **A store that fails** (a limiter of [shared] whose store cannot be used, such as a Redis that is down): a call
 *   fails with the store's exception, as it is, before anything is sent, after giving back (as far as the store
 *   lets it) what it had taken from the other limits; [estimateWait] and [availableNow] throw it too. The limiter does not admit calls it could not count.
 *   Settling a call that was admitted never fails it: a store failure then, like one while tightening the budget from
 *   headers, is logged at WARN (logger `dev.switchboard.ratelimit`).
 *
 * Safe for concurrent use. A limiter holds no thread and nothing to close; closing a wrapped client closes the client
 * it wraps, not the limiter, which other clients may still use.
 */
public class RateLimiter private constructor(
    /** The name the budget is shared under in its store, or null for a limiter kept in this JVM ([of]). */
    public val name: String?,
    /** What this limiter enforces. */
    public val limits: RateLimits,
    store: RateLimitStore,
) {
    internal val budget: Budget = Budget(
        limits,
        limits.limits.map { limit -> LimitBucket(limit, store.bucket(keyOf(name, limit), configurationOf(limit))) },
    )

    internal val listener: LimitListener = LimitListener(budget, limits)

    private val countsTokens = limits.limits.any { it.kind == RateLimit.Kind.TOKENS }

    /**
     * [client] spending this limiter's budget: each call waits for its turn, or fails, as the class documentation
     * says. Every other member is [client]'s; closing the wrapper closes [client]. The stream's promises are kept: cold
     * (each collection asks anew), last event `Completed`, failures passed on unchanged, a
     * [CancellationException] never wrapped, cancellation reaching [client]'s connection.
     */
    public fun wrap(client: ChatCompletionClient): ChatCompletionClient = RateLimitedChatCompletionClient(client, this)

    /**
     * How long a call of [request] through [client] would wait for its turn if it were made now: [Duration.ZERO] when
     * it would be admitted at once. Takes nothing. For a router choosing a deployment that is not at its limit; the
     * answer may be stale by the time the call is made, as other calls spend the budget too.
     *
     * Counts the request's tokens with [client] (as the wrapper would). For a limiter of [shared], asks the store.
     *
     * @throws CancellationException when the caller is cancelled.
     * @throws Exception what the store throws, for a shared limiter.
     */
    public suspend fun estimateWait(client: ChatCompletionClient, request: CreateRequest): Duration =
        Duration.ofNanos(budget.estimate(amounts(reservedTokens(client, request))))

    /**
     * The balance of each limit now, in the order of [RateLimits.limits]: the requests or tokens that calls may take
     * at once, negative while reservations are being paid back. A snapshot, for a router or for monitoring.
     *
     * @throws CancellationException when the caller is cancelled.
     * @throws Exception what the store throws, for a shared limiter.
     */
    public suspend fun availableNow(): Map<RateLimit, Long> {
        val balances = budget.available()
        return LinkedHashMap<RateLimit, Long>().apply { limits.limits.forEachIndexed { i, limit -> put(limit, balances[i]) } }
    }

    /**
     * A [DeploymentGate] for a [dev.switchboard.router.Router] deployment whose calls go through [client] wrapped by
     * this limiter (`deployment(name, client, limiter)` does both): it is open when a call of the request would be
     * admitted at once, and otherwise says how long it would wait, so that the router sends the call to a deployment
     * with room, or queues it until one has. Counts the request's tokens with [client], as the wrapper does.
     *
     * It never suspends or blocks: a limiter of [of] answers from its buckets now; one of [shared] answers from the
     * store's previous answer and asks the store again for the next choice (so a router may send one call too many
     * to a deployment another process has just filled, which then waits in the wrapper, as it would without a router).
     */
    public fun gate(client: ChatCompletionClient): DeploymentGate = DeploymentGate { request ->
        Duration.ofNanos(budget.estimateNow(amounts(reservedTokens(client, request))))
    }

    override fun toString(): String = "RateLimiter(${name ?: "local"}, ${limits.limits.joinToString()})"

    /** The tokens a call of [request] through [client] reserves: its prompt and its most output. */
    private fun reservedTokens(client: ChatCompletionClient, request: CreateRequest): Long =
        if (countsTokens) prompt(client, request) + output(request) else 0

    private fun prompt(client: ChatCompletionClient, request: CreateRequest): Long =
        if (countsTokens) client.countTokens(request.messages, request.tools).toLong().coerceAtLeast(0) else 0

    /** The most output [request] may generate: `maxTokens` (or the default) for each of its choices. */
    private fun output(request: CreateRequest): Long = (request.maxTokens ?: limits.defaultOutputTokens).toLong() * (request.n ?: 1)

    /**
     * Admits one call of [request] through [client]: takes its reservation, waits for its turn, and returns it.
     * Cancelling the caller while it waits gives the reservation back.
     *
     * @throws dev.switchboard.ClientRateLimitException when the call does not fit within the max wait.
     * @throws CancellationException when the caller is cancelled.
     */
    internal suspend fun admit(client: ChatCompletionClient, request: CreateRequest): Reservation {
        val prompt = prompt(client, request)
        val amounts = amounts(if (countsTokens) prompt + output(request) else 0)
        val wait = withContext(NonCancellable) { budget.take(amounts, client.provider) }
        val reservation = Reservation(budget, amounts, prompt)
        try {
            if (wait > 0) delay(wait.nanoseconds) else currentCoroutineContext().ensureActive()
        } catch (e: CancellationException) {
            reservation.release()
            throw e
        }
        return reservation
    }

    /** The amount a call reserving [tokens] takes from each bucket: one request, or the tokens up to the limit. */
    private fun amounts(tokens: Long): LongArray = LongArray(budget.buckets.size) { i ->
        val limit = budget.buckets[i].limit
        if (limit.kind == RateLimit.Kind.REQUESTS) 1L else minOf(tokens, limit.amount)
    }

    /** Factories of [RateLimiter]. */
    public companion object {
        /** A limiter enforcing [limits] with a budget of its own, kept in this JVM. */
        @JvmStatic
        public fun of(limits: RateLimits): RateLimiter = RateLimiter(null, limits, LocalBuckets(limits.clock))

        /**
         * A limiter enforcing [limits] with the budget kept in [store] under [name]: every limiter of that name and
         * store spends the same budget, in this process and in others (two services calling one deployment). Each
         * limit is stored under `name:requests-60000ms`-like keys; where they exist already, the stored limits apply.
         *
         * @throws IllegalArgumentException when [name] is blank.
         */
        @JvmStatic
        public fun shared(name: String, limits: RateLimits, store: RateLimitStore): RateLimiter {
            require(name.isNotBlank()) { "A shared limiter needs a name" }
            return RateLimiter(name, limits, store)
        }

        private fun keyOf(name: String?, limit: RateLimit): String = if (name == null) limit.key else "$name:${limit.key}"
    }
}

/** This client spending [limiter]'s budget; see [RateLimiter.wrap]. */
@JvmSynthetic
public fun ChatCompletionClient.rateLimited(limiter: RateLimiter): ChatCompletionClient = limiter.wrap(this)

/** This client with a budget of its own, enforcing [limits]; see [RateLimiter]. */
@JvmSynthetic
public fun ChatCompletionClient.rateLimited(limits: RateLimits): ChatCompletionClient = RateLimiter.of(limits).wrap(this)
