package dev.switchboard.redis.internal

import io.lettuce.core.RedisURI

/**
 * Where a store's Redis is, told without credentials: `host:port` (`unix:/path` for a socket, the master id and
 * sentinels for Sentinel), the database and whether TLS is on. Used in messages and toString, never the URI's text.
 */
internal class RedisEndpoint private constructor(
    /** `host:port`, `unix:path` or `sentinel master@host:port,...`. */
    val address: String,
    val database: Int,
    val ssl: Boolean,
) {
    override fun toString(): String = address

    companion object {
        private const val URI_FORMS =
            "redis://[[username]:password@]host[:port][/database] or rediss://... (TLS)"

        fun of(uri: RedisURI): RedisEndpoint {
            val sentinels = uri.sentinels.orEmpty()
            val address = when {
                uri.socket != null -> "unix:${uri.socket}"
                sentinels.isNotEmpty() ->
                    "sentinel ${uri.sentinelMasterId}@" + sentinels.joinToString(",") { "${it.host}:${it.port}" }
                else -> "${uri.host}:${uri.port}"
            }
            return RedisEndpoint(address, uri.database, uri.isSsl)
        }

        /**
         * Parses [text] with Lettuce. Its error can quote the text, password and all, so it is replaced (without the
         * cause) by one that names only the accepted forms.
         *
         * @throws IllegalArgumentException when [text] is not a Redis URI.
         */
        fun parse(text: String): RedisURI {
            val uri = try {
                RedisURI.create(text)
            } catch (ignored: RuntimeException) {
                null
            }
            require(uri != null) { "Not a Redis URI; expected $URI_FORMS" }
            return uri
        }
    }
}
