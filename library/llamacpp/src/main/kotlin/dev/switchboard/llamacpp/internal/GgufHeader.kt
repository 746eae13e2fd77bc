package dev.switchboard.llamacpp.internal

import dev.switchboard.BadRequestException
import dev.switchboard.NotFoundException
import java.io.BufferedInputStream
import java.io.DataInputStream
import java.io.EOFException
import java.io.IOException
import java.io.InputStream
import java.nio.file.Files
import java.nio.file.Path

/**
 * The metadata of a GGUF file this client needs before llama.cpp loads it: read from the file's header (ggml's
 * `docs/gguf.md`: magic `GGUF`, version, tensor and key-value counts, then typed key-value pairs), so that a missing,
 * unreadable or foreign file fails with an error naming the path and what is wrong instead of llama.cpp's
 * "could not load model".
 */
internal class GgufHeader(
    val version: Int,
    val architecture: String?,
    val name: String?,
    val contextLength: Int?,
    val addBos: Boolean,
    val bosId: Int?,
    val chatTemplate: String?,
) {
    companion object {
        private const val MAGIC = 0x46554747 // "GGUF", little-endian
        private val KEPT = setOf("general.architecture", "general.name", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.bos_token_id", "tokenizer.chat_template")

        /**
         * Reads the header of [path].
         *
         * @throws NotFoundException when there is no readable file at [path].
         * @throws BadRequestException when the file is not GGUF, is of a version llama.cpp does not read, or is cut off.
         */
        fun read(path: Path): GgufHeader {
            if (!Files.isRegularFile(path)) {
                throw NotFoundException(
                    "No GGUF model file at '$path'" + (if (Files.exists(path)) " (it is not a regular file)" else "") +
                        ": download a .gguf model (for example from huggingface.co) and set its path, or " +
                        "${dev.switchboard.llamacpp.LlamaCppConfig.MODEL_ENV}",
                    LlamaCppNames.PROVIDER, statusCode = 0,
                )
            }
            try {
                Files.newInputStream(path).use { return read(path, it) }
            } catch (e: EOFException) {
                throw invalid(path, "it ends inside its header (a truncated or partial download?)", e)
            } catch (e: IOException) {
                throw NotFoundException("The GGUF model file '$path' cannot be read: ${e.message}", LlamaCppNames.PROVIDER, 0, cause = e)
            }
        }

        private fun read(path: Path, stream: InputStream): GgufHeader {
            val input = Le(DataInputStream(BufferedInputStream(stream, 1 shl 16)))
            val magic = input.i32()
            if (magic != MAGIC) throw invalid(path, "it does not start with the GGUF magic bytes: it is not a GGUF model file")
            val version = input.i32()
            if (version !in 2..3) throw invalid(path, "it is GGUF version $version; llama.cpp reads versions 2 and 3")
            input.i64() // tensor count
            val kvCount = input.i64()
            if (kvCount !in 0..100_000) throw invalid(path, "its header claims $kvCount metadata entries: the file is damaged")
            val kept = HashMap<String, Any?>()
            var contextLength: Int? = null
            var architecture: String? = null
            for (i in 0 until kvCount) {
                val key = input.str(path)
                val type = input.i32()
                val wanted = key in KEPT || (architecture != null && key == "$architecture.context_length")
                val value = input.value(path, type, keep = wanted)
                if (!wanted) continue
                if (key == "general.architecture") architecture = value as? String
                if (key.endsWith(".context_length")) contextLength = (value as? Number)?.toLong()?.coerceAtMost(Int.MAX_VALUE.toLong())?.toInt()
                kept[key] = value
            }
            return GgufHeader(
                version, architecture, kept["general.name"] as? String, contextLength,
                kept["tokenizer.ggml.add_bos_token"] as? Boolean ?: true, (kept["tokenizer.ggml.bos_token_id"] as? Long)?.toInt(),
                kept["tokenizer.chat_template"] as? String,
            )
        }

        private fun invalid(path: Path, why: String, cause: Throwable? = null): BadRequestException =
            BadRequestException("The file '$path' is not a usable GGUF model: $why", LlamaCppNames.PROVIDER, 0, cause = cause)
    }

    /** Little-endian reads over a stream. */
    private class Le(private val d: DataInputStream) {
        fun u8(): Int = d.readUnsignedByte()
        fun i32(): Int = Integer.reverseBytes(d.readInt())
        fun i64(): Long = java.lang.Long.reverseBytes(d.readLong())

        fun str(path: Path): String {
            val n = i64()
            if (n !in 0..(1L shl 26)) throw invalid(path, "a metadata string claims $n bytes: the file is damaged")
            val b = ByteArray(n.toInt())
            d.readFully(b)
            return String(b, Charsets.UTF_8)
        }

        fun skip(n: Long) {
            var left = n
            while (left > 0) {
                val s = d.skipBytes(minOf(left, Int.MAX_VALUE.toLong()).toInt())
                if (s <= 0) { d.readByte(); left-- } else left -= s
            }
        }

        /** The value of [type]; null (after skipping it) when not [keep] or an array. */
        fun value(path: Path, type: Int, keep: Boolean): Any? = when (type) {
            0, 1 -> u8().let { if (type == 1) it.toByte().toLong() else it.toLong() }
            2, 3 -> (u8() or (u8() shl 8)).let { if (type == 3) it.toShort().toLong() else it.toLong() }
            4 -> i32().toLong() and 0xFFFF_FFFFL
            5 -> i32().toLong()
            6 -> java.lang.Float.intBitsToFloat(i32())
            7 -> u8() != 0
            8 -> if (keep) str(path) else { val n = i64(); if (n < 0) throw invalid(path, "a negative string length"); skip(n); null }
            9 -> {
                val itemType = i32()
                val count = i64()
                if (count < 0) throw invalid(path, "a negative array length")
                val width = WIDTHS[itemType]
                when {
                    width != null -> skip(width * count)
                    itemType == 8 || itemType == 9 -> for (j in 0 until count) value(path, itemType, keep = false)
                    else -> throw invalid(path, "an array of unknown value type $itemType")
                }
                null
            }
            10, 11 -> i64()
            12 -> java.lang.Double.longBitsToDouble(i64())
            else -> throw invalid(path, "a metadata value of unknown type $type")
        }

        companion object {
            private val WIDTHS = mapOf(0 to 1L, 1 to 1L, 2 to 2L, 3 to 2L, 4 to 4L, 5 to 4L, 6 to 4L, 7 to 1L, 10 to 8L, 11 to 8L, 12 to 8L)
        }
    }
}
