package dev.switchboard.engine.java

import java.nio.ByteBuffer

/**
 * [item] as one buffer of its own holding a copy of its bytes, when they are [max] or fewer; null for a larger list.
 *
 * The JDK's body buffers are slices of a 16 KB array per connection that it refills as it reads: a slice not read yet
 * keeps the whole array alive once the JDK has moved on to a new one. A slow stream whose reader is behind (a busy
 * machine holding thousands of streams) so kept up to 16 KB for each chunk that waited; a copy keeps only its bytes.
 */
internal fun copiedIfSmall(item: List<ByteBuffer>, max: Int): List<ByteBuffer>? {
    var total = 0
    for (b in item) {
        total += b.remaining()
        if (total > max) return null
    }
    val copy = ByteArray(total)
    var at = 0
    for (b in item) {
        val r = b.remaining()
        b.get(copy, at, r)
        at += r
    }
    return listOf(ByteBuffer.wrap(copy))
}
