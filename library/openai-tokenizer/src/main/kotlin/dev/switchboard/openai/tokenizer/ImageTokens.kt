package dev.switchboard.openai.tokenizer

import dev.switchboard.Image
import dev.switchboard.ImageDetail
import kotlin.math.ceil
import kotlin.math.min

/** OpenAI's image token formula (see [OpenAiTokenCounter]), with the size read from inline image headers. */
internal object ImageTokens {
    private const val BASE = 85
    private const val PER_TILE = 170
    private const val ASSUMED_SIDE = 1024

    fun estimate(image: Image): Int {
        if (image.detail == ImageDetail.LOW) return BASE
        val size = image.data()?.let(::dimensions)
        return tiles(size?.first ?: ASSUMED_SIDE, size?.second ?: ASSUMED_SIDE)
    }

    /** Tokens of a [width]×[height] image at high detail. */
    fun tiles(width: Int, height: Int): Int {
        var w = width.toDouble()
        var h = height.toDouble()
        if (w > 2048 || h > 2048) {
            val scale = 2048 / maxOf(w, h)
            w *= scale; h *= scale
        }
        val shortest = min(w, h)
        if (shortest > 768) {
            val scale = 768 / shortest
            w *= scale; h *= scale
        }
        val tiles = ceil(w / 512).toInt() * ceil(h / 512).toInt()
        return BASE + PER_TILE * tiles
    }

    /** Width and height from a PNG, GIF or JPEG header, or null. */
    fun dimensions(b: ByteArray): Pair<Int, Int>? {
        fun u8(i: Int) = b[i].toInt() and 0xff
        fun be16(i: Int) = (u8(i) shl 8) or u8(i + 1)
        fun be32(i: Int) = (be16(i) shl 16) or be16(i + 2)
        fun le16(i: Int) = u8(i) or (u8(i + 1) shl 8)
        if (b.size >= 24 && u8(0) == 0x89 && b[1] == 'P'.code.toByte() && b[2] == 'N'.code.toByte() && b[3] == 'G'.code.toByte()) {
            return be32(16) to be32(20)
        }
        if (b.size >= 10 && b[0] == 'G'.code.toByte() && b[1] == 'I'.code.toByte() && b[2] == 'F'.code.toByte()) {
            return le16(6) to le16(8)
        }
        if (b.size >= 4 && u8(0) == 0xFF && u8(1) == 0xD8) {
            var i = 2
            while (i + 9 < b.size) {
                if (u8(i) != 0xFF) return null
                val marker = u8(i + 1)
                if (marker == 0xFF) { i++; continue }
                // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
                if (marker in 0xC0..0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    return be16(i + 7) to be16(i + 5)
                }
                i += 2 + be16(i + 2)
            }
        }
        return null
    }
}
