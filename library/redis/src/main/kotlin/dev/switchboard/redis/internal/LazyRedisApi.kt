package dev.switchboard.redis.internal

import io.github.bucket4j.redis.lettuce.RedisApi
import io.lettuce.core.RedisFuture
import io.lettuce.core.ScriptOutputType
import io.lettuce.core.api.async.RedisAsyncCommands
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/**
 * The three Redis commands Bucket4j's Lettuce proxy manager sends (`GET`, `EVAL` of its compare-and-swap scripts,
 * `DEL`), on a store's [LazyConnection]: sent at once when the connection is made, else once it is, and failed with
 * the connection's failure when it cannot be made. Never blocks.
 *
 * Keys are typed [Any] because the proxy manager passes them in an `Object[]` (its `K[]` is erased); they are the
 * String keys the store built its buckets with.
 */
internal class LazyRedisApi(private val connection: LazyConnection) : RedisApi<Any> {
    override fun <V> eval(script: String, scriptOutputType: ScriptOutputType, keys: Array<Any>, params: Array<ByteArray>): RedisFuture<V> =
        send { it.eval(script, scriptOutputType, Array(keys.size) { i -> keys[i] as String }, *params) }

    override fun get(key: Any): RedisFuture<ByteArray> = send { it.get(key as String) }

    override fun delete(key: Any): RedisFuture<*> = send { it.del(key as String) }

    private fun <V> send(command: (RedisAsyncCommands<String, ByteArray>) -> RedisFuture<V>): RedisFuture<V> {
        val made = connection.get()
        if (made.isDone && !made.isCompletedExceptionally) {
            return try {
                command(made.join().async())
            } catch (e: RuntimeException) {
                Pending<V>().apply { completeExceptionally(e) }
            }
        }
        val result = Pending<V>()
        made.whenComplete { connected, failure ->
            if (failure != null) {
                result.completeExceptionally(failure)
                return@whenComplete
            }
            try {
                command(connected.async()).whenComplete { answer, error ->
                    if (error != null) result.completeExceptionally(error) else result.complete(answer)
                }
            } catch (e: RuntimeException) {
                result.completeExceptionally(e)
            }
        }
        return result
    }

    /** A command waiting for the connection: a [CompletableFuture], as Lettuce's own `RedisFuture`s are. */
    private class Pending<V> : CompletableFuture<V>(), RedisFuture<V> {
        override fun getError(): String? {
            if (!isCompletedExceptionally) return null
            return try {
                join()
                null
            } catch (e: RuntimeException) {
                (e.cause ?: e).message
            }
        }

        override fun await(timeout: Long, unit: TimeUnit): Boolean = try {
            get(timeout, unit)
            true
        } catch (e: TimeoutException) {
            false
        } catch (e: ExecutionException) {
            true
        } catch (e: CancellationException) {
            true
        }
    }
}
