package dev.switchboard.redis

import dev.switchboard.SwitchboardDsl
import dev.switchboard.ratelimit.RateLimitBucket
import dev.switchboard.ratelimit.RateLimitStore
import dev.switchboard.redis.internal.BytesConnection
import dev.switchboard.redis.internal.LazyConnection
import dev.switchboard.redis.internal.LazyRedisApi
import dev.switchboard.redis.internal.OwnedClient
import dev.switchboard.redis.internal.RECONNECT_CAP
import dev.switchboard.redis.internal.RedisEndpoint
import io.github.bucket4j.BucketConfiguration
import io.github.bucket4j.distributed.AsyncBucketProxy
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy
import io.github.bucket4j.distributed.proxy.AsyncProxyManager
import io.github.bucket4j.distributed.proxy.optimization.Optimizations
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce
import io.lettuce.core.RedisClient
import io.lettuce.core.RedisURI
import io.lettuce.core.codec.ByteArrayCodec
import io.lettuce.core.codec.RedisCodec
import io.lettuce.core.codec.StringCodec
import org.slf4j.LoggerFactory
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration
import kotlin.time.Duration as KotlinDuration

/**
 * A [RateLimitStore] on Redis: the budgets of the limiters made by `RateLimiter.shared(name, limits, store)` are kept
 * in Redis, so that every limiter of one name on the same Redis, in this process and in others (two services calling
 * one deployment), spends one budget. Built on Bucket4j's compare-and-swap buckets over Lettuce
 * (`bucket4j_jdk17-lettuce`).
 *
 * **In Redis** each limit is one string under [keyPrefix] followed by the limiter's key for it
 * (`switchboard:ratelimit:deployment-a:requests-60000ms`), holding Bucket4j's serialized bucket: its configuration
 * and balance. Every change reads it (`GET`) and writes it back only if no one changed it in between (an `EVAL` of
 * Bucket4j's compare-and-swap script), reading again and retrying when someone did; so the processes sharing a budget
 * never spend one token twice, and together stay within the limit. The operations that reach one bucket while one
 * of its operations is under way wait for it and then go together, as one read and one compare-and-swap (Bucket4j's
 * batching optimization, which changes no result): a busy process has at most one operation under way per limit, and
 * only the processes, not their concurrent calls, compete for a budget.
 *
 * **Idle buckets expire.** Each write sets the key's expiry (`PX`) to the time the bucket needs to refill to its limit
 * plus [keepAfterRefill] (Bucket4j's `ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax`): a budget no
 * one spends leaves Redis once it would be full anyway, and the next call makes it again, full, as it would have been.
 * While a key exists, the limits stored in it apply whatever a limiter is configured with; changed limits take effect
 * when it has expired (or is deleted). A Redis that lost its keys (restarted without persistence) starts every budget
 * full again.
 *
 * **Clocks.** A bucket is refilled by the wall clock of the process that touches it (Bucket4j's client-side clock,
 * `System.currentTimeMillis`), not Redis's: the clocks of the processes sharing a budget should agree (NTP); one that
 * runs ahead sees the budget refill early by as much.
 *
 * **Building.** Build it with [builder] from a Redis URI (`redis://[[username]:password@]host[:port][/database]`,
 * `rediss://` for TLS): the store then creates its own Lettuce client and closes it in [close]. Or build it from a
 * [RedisClient] you own ([builder] with a client and a [RedisURI]): the store opens one connection on it and closes
 * only that, never the client, and leaves the client's options as they are.
 *
 * **Failing fast.** With a client the store creates, every command times out after [commandTimeout] (default 1 s;
 * Lettuce's own default is 60 s), and so does opening a connection; commands are rejected at once while the connection
 * is down (`DisconnectedBehavior.REJECT_COMMANDS`) rather than queued, and Lettuce makes the connection again by itself
 * (auto-reconnect, waiting at most a second between attempts). With your own client the store sets its connection's
 * timeout to [commandTimeout]; the client's other options are yours to choose (`REJECT_COMMANDS` and auto-reconnect
 * are recommended). In both cases each bucket operation as a whole (its reads, writes and compare-and-swap retries) is
 * bounded by [commandTimeout] too.
 *
 * **When Redis cannot be used** (down, not answering, refusing the password, or the store closed), each bucket
 * operation fails, within about [commandTimeout], with a [RedisRateLimitStoreException]. A shared limiter passes a
 * store's failure on as it is: a call through it fails with that exception before anything is sent to the provider,
 * giving back what it had already taken from other limits, and `estimateWait` and `availableNow` throw it. Settling a
 * call that was admitted (giving back unused tokens, charging an overdraft) never fails the call: the limiter logs the
 * failure at WARN, and the reservation stays spent. The store never admits a call it could not count (it does not fail
 * open); a caller that would rather go on without the limit catches the exception and calls the client it wrapped. An
 * operation that failed may still have been applied in Redis (a timeout after Redis had run the command): its tokens
 * then stay taken, so a failure may spend budget but never lets more through than the limits. Building neither blocks
 * nor fails when Redis cannot be reached: the store connects in the background, and an operation a second or more
 * after a failed attempt starts another (at most one at a time), so a store built while Redis is down works once
 * Redis is up.
 *
 * **Threads.** Safe for concurrent use: all buckets share one connection, on which Lettuce pipelines their commands.
 * [bucket] never touches Redis; a bucket's futures complete on Lettuce's I/O threads (Netty event loops), where a
 * limiter only resumes its waiting call.
 */
public class RedisRateLimitStore private constructor(b: Builder) : RateLimitStore, AutoCloseable {
    /** What every key is prefixed with in Redis (default [DEFAULT_KEY_PREFIX]); stores that share one share budgets. */
    public val keyPrefix: String = b.keyPrefix

    /** How long a bucket operation may take before it fails (default [DEFAULT_COMMAND_TIMEOUT]). */
    public val commandTimeout: Duration = b.commandTimeoutValue

    /**
     * How long Redis keeps a bucket after the time it would have refilled to its limit (default
     * [DEFAULT_KEEP_AFTER_REFILL]): the key's expiry is set on each write to that refill time plus this.
     */
    public val keepAfterRefill: Duration = b.keepAfterRefillValue

    private val uri: RedisURI = b.uriForStore()
    private val endpoint: RedisEndpoint = RedisEndpoint.of(uri)
    private val owned: OwnedClient? = if (b.client == null) OwnedClient(commandTimeout) else null
    private val client: RedisClient = b.client ?: owned!!.client
    private val closed = AtomicBoolean()
    private val connection = LazyConnection(endpoint, RETRY_AFTER, ::connect).also { it.start() }

    private val buckets: AsyncProxyManager<Any> = Bucket4jLettuce.LettuceBasedProxyManagerBuilder(LazyRedisApi(connection))
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepAfterRefill))
        .requestTimeout(commandTimeout)
        .build()
        .asAsync()

    /**
     * The bucket stored in Redis under [keyPrefix] followed by [key], made from [configuration] when no bucket is
     * stored there (on its first operation, or after it expired); a stored bucket keeps the configuration stored with
     * it. Sends nothing: each of the bucket's operations reads and writes Redis. After [close] its operations fail.
     */
    override fun bucket(key: String, configuration: BucketConfiguration): RateLimitBucket {
        val redisKey = keyPrefix + key
        val proxy = buckets.builder()
            .withOptimization(Optimizations.batching())
            .build(redisKey) { CompletableFuture.completedFuture(configuration) }
        return RedisBucket(redisKey, proxy)
    }

    /**
     * Closes the store's connection and, when the store created its client, the client and its threads (waiting up to
     * about 2 s each); a client you gave is left open. Bucket operations after this fail with a
     * [RedisRateLimitStoreException]. Blocks the calling thread, so do not call it from a callback of a bucket's
     * future (those run on Lettuce's threads); never throws (a failure to shut down is logged at WARN); idempotent.
     */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        try {
            connection.close()
            owned?.close()
        } catch (e: Exception) {
            log.warn("Closing the Redis rate-limit store for {} failed", endpoint, e)
        }
    }

    /** The endpoint, database, key prefix, timeouts and whose client it is; never a password. */
    override fun toString(): String =
        "RedisRateLimitStore(endpoint=$endpoint, database=${endpoint.database}, tls=${endpoint.ssl}, keyPrefix=$keyPrefix, " +
            "commandTimeout=$commandTimeout, keepAfterRefill=$keepAfterRefill, client=${if (owned != null) "own" else "given"})"

    private fun connect(): CompletionStage<BytesConnection> =
        client.connectAsync(CODEC, uri).thenApply { made -> made.apply { timeout = commandTimeout } }

    private fun failure(redisKey: String, error: Throwable): RedisRateLimitStoreException {
        var cause = error
        while ((cause is CompletionException || cause is ExecutionException) && cause.cause != null) cause = cause.cause!!
        if (cause is RedisRateLimitStoreException) return cause
        if (closed.get()) return closedFailure(redisKey)
        val reason = when {
            cause is TimeoutException -> "no answer within the command timeout of $commandTimeout"
            else -> cause.message?.takeIf { it.isNotBlank() } ?: cause.javaClass.simpleName
        }
        return RedisRateLimitStoreException("Redis rate-limit bucket $redisKey at $endpoint failed: $reason", cause)
    }

    private fun closedFailure(redisKey: String) =
        RedisRateLimitStoreException("Redis rate-limit bucket $redisKey at $endpoint: the store is closed", null)

    /** One limit's bucket in Redis; Bucket4j's answers, its failures as [RedisRateLimitStoreException]s. */
    private inner class RedisBucket(private val redisKey: String, private val proxy: AsyncBucketProxy) : RateLimitBucket {
        override fun tryConsume(tokens: Long): CompletableFuture<Long> = run {
            proxy.tryConsumeAndReturnRemaining(tokens).thenApply { if (it.isConsumed) 0L else it.nanosToWaitForRefill.coerceAtLeast(1) }
        }

        override fun consumeIgnoringRateLimits(tokens: Long): CompletableFuture<Long> = run { proxy.consumeIgnoringRateLimits(tokens) }

        override fun addTokens(tokens: Long): CompletableFuture<*> = run { proxy.addTokens(tokens) }

        override fun estimateAbilityToConsume(tokens: Long): CompletableFuture<Long> = run {
            proxy.estimateAbilityToConsume(tokens).thenApply { if (it.canBeConsumed()) 0L else it.nanosToWaitForRefill.coerceAtLeast(1) }
        }

        override fun getAvailableTokens(): CompletableFuture<Long> = run { proxy.availableTokens }

        override fun toString(): String = "RedisBucket($redisKey)"

        private fun <T> run(operation: () -> CompletableFuture<T>): CompletableFuture<T> {
            val result = CompletableFuture<T>()
            if (closed.get()) {
                result.completeExceptionally(closedFailure(redisKey))
                return result
            }
            try {
                operation().whenComplete { answer, error ->
                    if (error != null) result.completeExceptionally(failure(redisKey, error)) else result.complete(answer)
                }
            } catch (e: RuntimeException) {
                result.completeExceptionally(failure(redisKey, e))
            }
            return result
        }
    }

    /**
     * Builds a [RedisRateLimitStore]. From Java, call the setters ([keyPrefix], [commandTimeout], [keepAfterRefill]),
     * which return the builder. From Kotlin, `RedisRateLimitStore("redis://host:6379") { keyPrefix = "app:" }` sets
     * the same values as properties, whose durations are [kotlin.time.Duration]s. Not thread-safe.
     */
    @SwitchboardDsl
    public class Builder private constructor(private val uriText: String?, private val uri: RedisURI?, internal val client: RedisClient?) {
        internal constructor(uriText: String) : this(uriText, RedisEndpoint.parse(uriText), null)
        internal constructor(client: RedisClient, uri: RedisURI) : this(null, uri, client)

        private var timeout: Duration = DEFAULT_COMMAND_TIMEOUT
        private var keep: Duration = DEFAULT_KEEP_AFTER_REFILL

        /** What every key is prefixed with in Redis (default [DEFAULT_KEY_PREFIX]; may be empty). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var keyPrefix: String = DEFAULT_KEY_PREFIX

        /** How long a bucket operation may take (default 1 s); positive, at most a day. */
        public var commandTimeout: KotlinDuration
            @JvmSynthetic get() = timeout.toKotlinDuration()
            @JvmSynthetic set(value) { commandTimeout(value.toJavaDuration()) }

        /** How long Redis keeps a bucket after it would have refilled to its limit (default 1 min); zero to a day. */
        public var keepAfterRefill: KotlinDuration
            @JvmSynthetic get() = keep.toKotlinDuration()
            @JvmSynthetic set(value) { keepAfterRefill(value.toJavaDuration()) }

        /** Sets what every key is prefixed with in Redis (default [DEFAULT_KEY_PREFIX]; may be empty). */
        public fun keyPrefix(value: String): Builder = apply { keyPrefix = value }

        /**
         * Sets how long a bucket operation (and each of its commands) may take before it fails (default 1 s); with a
         * client the store creates, also how long opening a connection may take. It replaces a `timeout` given in the
         * URI.
         *
         * @throws IllegalArgumentException when [value] is not positive or longer than a day.
         */
        public fun commandTimeout(value: Duration): Builder = apply {
            require(!value.isNegative && !value.isZero && value <= LONGEST) {
                "commandTimeout must be positive and at most a day (got $value)"
            }
            timeout = value
        }

        /**
         * Sets how long a bucket operation may take before it fails (default 1 s), as [commandTimeout] with a
         * [java.time.Duration] does.
         *
         * @throws IllegalArgumentException when [value] is not positive or longer than a day.
         */
        @JvmSynthetic
        public fun commandTimeout(value: KotlinDuration): Builder = commandTimeout(value.toJavaDuration())

        /**
         * Sets how long Redis keeps a bucket after the time it would have refilled to its limit, with nothing taken
         * from it since (default 1 min). Any value keeps the limits exact (an expired bucket comes back full, as it
         * was); a longer one keeps stored limits for longer after their last use, and leaves room for clocks that do
         * not quite agree; zero drops a bucket as soon as it is full.
         *
         * @throws IllegalArgumentException when [value] is negative or longer than a day.
         */
        public fun keepAfterRefill(value: Duration): Builder = apply {
            require(!value.isNegative && value <= LONGEST) { "keepAfterRefill must be zero or more and at most a day (got $value)" }
            keep = value
        }

        /**
         * Sets how long Redis keeps a bucket after it would have refilled to its limit (default 1 min), as
         * [keepAfterRefill] with a [java.time.Duration] does.
         *
         * @throws IllegalArgumentException when [value] is negative or longer than a day.
         */
        @JvmSynthetic
        public fun keepAfterRefill(value: KotlinDuration): Builder = keepAfterRefill(value.toJavaDuration())

        /**
         * The store, connecting in the background: it returns at once, also when Redis cannot be reached (the bucket
         * operations then fail until it can).
         */
        public fun build(): RedisRateLimitStore = RedisRateLimitStore(this)

        internal val commandTimeoutValue: Duration get() = timeout
        internal val keepAfterRefillValue: Duration get() = keep

        /**
         * The URI a new store connects to: the caller's as it is (with their client), or one parsed anew for each store
         * built from a string, with the command timeout as its own (it bounds the connection's handshake too).
         */
        internal fun uriForStore(): RedisURI =
            if (uriText == null) uri!! else RedisEndpoint.parse(uriText).apply { timeout = this@Builder.timeout }
    }

    /** Factories and defaults of [RedisRateLimitStore]. */
    public companion object {
        /** The key prefix a store uses unless told otherwise: `switchboard:ratelimit:`. */
        public const val DEFAULT_KEY_PREFIX: String = "switchboard:ratelimit:"

        /** The command timeout a store uses unless told otherwise: 1 second. */
        @JvmField
        public val DEFAULT_COMMAND_TIMEOUT: Duration = Duration.ofSeconds(1)

        /** How long Redis keeps a bucket after it would have refilled to its limit, unless told otherwise: 1 minute. */
        @JvmField
        public val DEFAULT_KEEP_AFTER_REFILL: Duration = Duration.ofMinutes(1)

        private val LONGEST: Duration = Duration.ofDays(1)

        /** After a failed connect attempt, operations fail with it for this long before the next attempt. */
        private val RETRY_AFTER: Duration = RECONNECT_CAP

        private val CODEC: RedisCodec<String, ByteArray> = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)

        private val log = LoggerFactory.getLogger(RedisRateLimitStore::class.java)

        /**
         * A builder for a store on the Redis at [uri] (`redis://[[username]:password@]host[:port][/database]`, or
         * `rediss://` for TLS, or any other form Lettuce's `RedisURI.create` takes), with a Lettuce client of the
         * store's own. The URI's password is used to connect and appears nowhere else.
         *
         * @throws IllegalArgumentException when [uri] is not a Redis URI (the message does not quote it).
         */
        @JvmStatic
        public fun builder(uri: String): Builder = Builder(uri)

        /**
         * A builder for a store that connects through [client], which you own: the store opens one connection on it
         * to [uri] (Lettuce's client does not tell the URI it was created with, so give it here) and never closes the
         * client. The client's options apply; see [RedisRateLimitStore] for the ones recommended.
         */
        @JvmStatic
        public fun builder(client: RedisClient, uri: RedisURI): Builder = Builder(client, uri)
    }
}

/**
 * A [RedisRateLimitStore] built from Kotlin: `RedisRateLimitStore("redis://host:6379") { keyPrefix = "app:" }`, with a
 * Lettuce client of the store's own (see [RedisRateLimitStore.builder]). [block] sets the builder's properties or calls
 * its setters.
 *
 * @throws IllegalArgumentException when [uri] is not a Redis URI or [block] sets a duration out of range.
 */
@JvmSynthetic
public fun RedisRateLimitStore(uri: String, block: RedisRateLimitStore.Builder.() -> Unit): RedisRateLimitStore =
    RedisRateLimitStore.builder(uri).apply(block).build()
