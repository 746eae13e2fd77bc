package dev.switchboard.redis

import dev.switchboard.SwitchboardDsl
import dev.switchboard.cache.CacheStore
import dev.switchboard.redis.internal.BytesConnection
import dev.switchboard.redis.internal.LazyConnection
import dev.switchboard.redis.internal.OwnedClient
import dev.switchboard.redis.internal.RECONNECT_CAP
import dev.switchboard.redis.internal.RedisEndpoint
import dev.switchboard.redis.internal.pxMillis
import io.lettuce.core.RedisClient
import io.lettuce.core.RedisFuture
import io.lettuce.core.RedisURI
import io.lettuce.core.SetArgs
import io.lettuce.core.api.async.RedisAsyncCommands
import io.lettuce.core.codec.ByteArrayCodec
import io.lettuce.core.codec.RedisCodec
import io.lettuce.core.codec.StringCodec
import org.slf4j.LoggerFactory
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration
import kotlin.time.Duration as KotlinDuration

/**
 * A [CacheStore] on Redis, through Lettuce: the store that many processes (a fleet) share, so that an answer one of
 * them paid for is served to all. Each entry is a Redis string under [keyPrefix] followed by the cache's key, written
 * with `SET key value PX ttl` (without `PX` when there is no TTL), read with `GET` and dropped with `DEL`.
 *
 * Build it with [builder] from a Redis URI (`redis://[[username]:password@]host[:port][/database]`, `rediss://` for
 * TLS): the store then creates its own Lettuce client and closes it in [close]. Or build it from a [RedisClient] you
 * own ([builder] with a client and a [RedisURI]): the store opens one connection on it and closes only that, never
 * the client, and leaves the client's options as they are.
 *
 * **Failing fast.** A Redis that goes away must not hold up a model call, so every command fails after
 * [commandTimeout] (default 1 s; Lettuce's own default is 60 s). With a client the store creates, opening a
 * connection is bounded by it too, commands are rejected at once while the connection is down
 * (`DisconnectedBehavior.REJECT_COMMANDS`) rather than queued, and Lettuce makes the connection again by itself
 * (auto-reconnect, waiting at most a second between attempts). With your own client the store sets its connection's
 * timeout to [commandTimeout], which Lettuce applies under its default timeout options; the client's other options
 * (disconnected behaviour, reconnecting, connect timeout) are yours to choose: `REJECT_COMMANDS` and auto-reconnect
 * are recommended.
 *
 * **Connecting.** Building neither blocks nor fails when Redis cannot be reached: the store starts connecting in the
 * background. Until a connection is made each operation's stage fails; the first operation a second or more after a
 * failed attempt starts another one (at most one is under way at a time), so a store built while Redis is down works
 * once Redis is up. Once made, the connection is kept (and remade by Lettuce after an outage) until [close].
 *
 * **Errors.** No method throws for an I/O problem: the stage completes exceptionally with a
 * [RedisCacheStoreException] whose message names the command and the Redis endpoint (host and port, never a
 * password) and whose cause is Lettuce's exception. After [close] the stages fail the same way.
 *
 * **Threads.** Safe for concurrent use: all operations share one connection, on which Lettuce pipelines them. The
 * stages complete on Lettuce's I/O threads (Netty event loops), so a dependent action given to a non-async method
 * (`thenApply`, `whenComplete`) runs there and must not block; use the `…Async` forms for work that does.
 */
public class RedisCacheStore private constructor(b: Builder) : CacheStore {
    /** What every key is prefixed with in Redis (default [DEFAULT_KEY_PREFIX]); stores that share one keep apart from others. */
    public val keyPrefix: String = b.keyPrefix

    /** How long a command may take before its stage fails (default [DEFAULT_COMMAND_TIMEOUT]). */
    public val commandTimeout: Duration = b.commandTimeoutValue

    private val uri: RedisURI = b.uriForStore()
    private val endpoint: RedisEndpoint = RedisEndpoint.of(uri)
    private val owned: OwnedClient? = if (b.client == null) OwnedClient(commandTimeout) else null
    private val client: RedisClient = b.client ?: owned!!.client
    private val closed = AtomicBoolean()
    private val connection = LazyConnection(endpoint, RETRY_AFTER, ::connect).also { it.start() }

    /** The bytes stored under [key] (`GET`), or null in the stage when there are none or they expired. */
    override fun get(key: String): CompletionStage<ByteArray?> = run("GET", { it.get(keyPrefix + key) }) { it }

    /**
     * Stores [value] under [key] (`SET ... PX`), replacing what was there, for [ttl] rounded up to a whole millisecond
     * (at least 1); without an expiry when [ttl] is null or longer than 10,000 years.
     */
    override fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?> {
        val px = pxMillis(ttl)
        return run("SET", { commands ->
            if (px == null) commands.set(keyPrefix + key, value) else commands.set(keyPrefix + key, value, SetArgs.Builder.px(px))
        }) { null }
    }

    /** Drops the entry under [key] (`DEL`), if there is one. */
    override fun remove(key: String): CompletionStage<Void?> = run("DEL", { it.del(keyPrefix + key) }) { null }

    /**
     * Closes the store's connection and, when the store created its client, the client and its threads (waiting up to
     * about 2 s each); a client you gave is left open. Operations after this fail. Blocks the calling thread, so do not
     * call it from a callback of one of the store's stages (those run on Lettuce's threads); never throws (a failure
     * to shut down is logged at WARN); idempotent.
     */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        try {
            connection.close()
            owned?.close()
        } catch (e: Exception) {
            log.warn("Closing the Redis cache store for {} failed", endpoint, e)
        }
    }

    /** The endpoint, database, key prefix, timeout and whose client it is; never a password. */
    override fun toString(): String =
        "RedisCacheStore(endpoint=$endpoint, database=${endpoint.database}, tls=${endpoint.ssl}, keyPrefix=$keyPrefix, " +
            "commandTimeout=$commandTimeout, client=${if (owned != null) "own" else "given"})"

    private fun connect(): CompletionStage<BytesConnection> =
        client.connectAsync(CODEC, uri).thenApply { made -> made.apply { timeout = commandTimeout } }

    /** Sends one command once there is a connection; the stage carries [map] of its answer or a [RedisCacheStoreException]. */
    private fun <T, R> run(
        command: String,
        send: (RedisAsyncCommands<String, ByteArray>) -> RedisFuture<T>,
        map: (T?) -> R,
    ): CompletionStage<R> {
        val result = CompletableFuture<R>()
        if (closed.get()) {
            result.completeExceptionally(RedisCacheStoreException("Redis $command at $endpoint: the store is closed", null))
            return result
        }
        connection.get().whenComplete { made, connectFailure ->
            if (connectFailure != null) {
                result.completeExceptionally(failure(command, connectFailure))
                return@whenComplete
            }
            try {
                send(made.async()).whenComplete { answer, error ->
                    if (error != null) result.completeExceptionally(failure(command, error)) else result.complete(map(answer))
                }
            } catch (e: RuntimeException) {
                result.completeExceptionally(failure(command, e))
            }
        }
        return result
    }

    private fun failure(command: String, error: Throwable): RedisCacheStoreException {
        var cause = error
        while ((cause is CompletionException || cause is ExecutionException) && cause.cause != null) cause = cause.cause!!
        if (cause is RedisCacheStoreException) return cause
        val reason = cause.message?.takeIf { it.isNotBlank() } ?: cause.javaClass.simpleName
        return RedisCacheStoreException("Redis $command at $endpoint failed: $reason", cause)
    }

    /**
     * Builds a [RedisCacheStore]. From Java, call the setters ([keyPrefix], [commandTimeout]), which return the builder.
     * From Kotlin, `RedisCacheStore("redis://host:6379") { keyPrefix = "app:"; commandTimeout = 500.milliseconds }`
     * sets the same values as properties, whose duration is a [kotlin.time.Duration]. Not thread-safe.
     */
    @SwitchboardDsl
    public class Builder private constructor(private val uriText: String?, private val uri: RedisURI?, internal val client: RedisClient?) {
        internal constructor(uriText: String) : this(uriText, RedisEndpoint.parse(uriText), null)
        internal constructor(client: RedisClient, uri: RedisURI) : this(null, uri, client)

        private var timeout: Duration = DEFAULT_COMMAND_TIMEOUT

        /** What every key is prefixed with in Redis (default [DEFAULT_KEY_PREFIX]; may be empty). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var keyPrefix: String = DEFAULT_KEY_PREFIX

        /** How long a command may take (default 1 s); positive, at most a day. */
        public var commandTimeout: KotlinDuration
            @JvmSynthetic get() = timeout.toKotlinDuration()
            @JvmSynthetic set(value) { commandTimeout(value.toJavaDuration()) }

        /** Sets what every key is prefixed with in Redis (default [DEFAULT_KEY_PREFIX]; may be empty). */
        public fun keyPrefix(value: String): Builder = apply { keyPrefix = value }

        /**
         * Sets how long a command may take before its stage fails (default 1 s); with a client the store creates,
         * also how long opening a connection may take. It replaces a `timeout` given in the URI.
         *
         * @throws IllegalArgumentException when [value] is not positive or longer than a day.
         */
        public fun commandTimeout(value: Duration): Builder = apply {
            require(!value.isNegative && !value.isZero && value <= LONGEST_TIMEOUT) {
                "commandTimeout must be positive and at most a day (got $value)"
            }
            timeout = value
        }

        /**
         * Sets how long a command may take before its stage fails (default 1 s), as [commandTimeout] with a
         * [java.time.Duration] does.
         *
         * @throws IllegalArgumentException when [value] is not positive or longer than a day.
         */
        @JvmSynthetic
        public fun commandTimeout(value: KotlinDuration): Builder = commandTimeout(value.toJavaDuration())

        /**
         * The store, connecting in the background: it returns at once, also when Redis cannot be reached (the
         * operations then fail until it can).
         */
        public fun build(): RedisCacheStore = RedisCacheStore(this)

        internal val commandTimeoutValue: Duration get() = timeout

        /**
         * The URI a new store connects to: the caller's as it is (with their client), or one parsed anew for each store
         * built from a string, with the command timeout as its own (it bounds the connection's handshake too).
         */
        internal fun uriForStore(): RedisURI =
            if (uriText == null) uri!! else RedisEndpoint.parse(uriText).apply { timeout = this@Builder.timeout }
    }

    /** Factories and defaults of [RedisCacheStore]. */
    public companion object {
        /** The key prefix a store uses unless told otherwise: `switchboard:cache:`. */
        public const val DEFAULT_KEY_PREFIX: String = "switchboard:cache:"

        /** The command timeout a store uses unless told otherwise: 1 second. */
        @JvmField
        public val DEFAULT_COMMAND_TIMEOUT: Duration = Duration.ofSeconds(1)

        private val LONGEST_TIMEOUT: Duration = Duration.ofDays(1)

        /** After a failed connect attempt, operations fail with it for this long before the next attempt. */
        private val RETRY_AFTER: Duration = RECONNECT_CAP

        private val CODEC: RedisCodec<String, ByteArray> = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)

        private val log = LoggerFactory.getLogger(RedisCacheStore::class.java)

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
         * client. The client's options apply; see [RedisCacheStore] for the ones recommended.
         */
        @JvmStatic
        public fun builder(client: RedisClient, uri: RedisURI): Builder = Builder(client, uri)
    }
}

/**
 * A [RedisCacheStore] built from Kotlin: `RedisCacheStore("redis://host:6379") { keyPrefix = "app:" }`, with a Lettuce
 * client of the store's own (see [RedisCacheStore.builder]). [block] sets the builder's properties or calls its setters.
 *
 * @throws IllegalArgumentException when [uri] is not a Redis URI or [block] sets a timeout out of range.
 */
@JvmSynthetic
public fun RedisCacheStore(uri: String, block: RedisCacheStore.Builder.() -> Unit): RedisCacheStore =
    RedisCacheStore.builder(uri).apply(block).build()
