package dev.switchboard.llamacpp.internal

import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path
import java.util.Random

/**
 * Writes a tiny llama-architecture model in GGUF (version 3, as ggml's docs/gguf.md describes it) with random f32
 * weights, so that tests and offline demos have a real model to load without downloading one (see
 * [dev.switchboard.llamacpp.RandomGgufModel]). Its answers are noise; its tokenizer,
 * chat template and shapes are real.
 *
 * The vocabulary is a SentencePiece (`llama`) one: `<unk>`, `<s>`, `</s>`, the ChatML markers `<|im_start|>` and
 * `<|im_end|>` (the end of a turn, and the model's end-of-generation token), the 256 byte tokens `<0x00>`..`<0xFF>`,
 * and the printable ASCII characters (space as `▁`).
 */
internal object TinyGguf {
    const val EMBEDDING = 64
    const val LAYERS = 2
    const val HEADS = 4
    const val FEED_FORWARD = 128
    const val CONTEXT = 512
    const val EOS_ID = 4
    const val BYTE_TOKENS_START = 5

    /** ChatML, the template this model carries in `tokenizer.chat_template`. */
    const val CHAT_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

    /** The vocabulary, by token id. */
    val tokens: List<String> = buildList {
        add("<unk>"); add("<s>"); add("</s>"); add("<|im_start|>"); add("<|im_end|>")
        for (b in 0..255) add("<0x%02X>".format(b))
        add("\u2581")
        for (c in 0x21..0x7E) add(c.toChar().toString())
    }

    /** The ids of the byte tokens of bytes 0x80..0xFF: the ones that start or continue a multi-byte character. */
    val nonAsciiByteIds: List<Int> = (0x80..0xFF).map { BYTE_TOKENS_START + it }

    /** The ids of the tokens that are whitespace: `▁` and the bytes tab, newline, carriage return and space. */
    val whitespaceIds: List<Int> = listOf(tokens.indexOf("\u2581")) + listOf(0x09, 0x0A, 0x0D, 0x20).map { BYTE_TOKENS_START + it }

    /** Writes the model to [path] (weights drawn from [seed]) and returns [path]. */
    fun write(path: Path, seed: Long = 7L, architecture: String = "llama", template: String = CHAT_TEMPLATE): Path {
        Files.write(path, bytes(seed, architecture, template))
        return path
    }

    /** Writes the model to a new temporary file that is deleted when the JVM exits. */
    fun writeTemp(seed: Long = 7L): Path {
        val file = Files.createTempFile("tiny-llama-", ".gguf")
        file.toFile().deleteOnExit()
        return write(file, seed)
    }

    fun bytes(seed: Long = 7L, architecture: String = "llama", template: String = CHAT_TEMPLATE): ByteArray {
        val random = Random(seed)
        val tensors = ArrayList<Pair<String, Tensor>>()
        fun matrix(name: String, cols: Int, rows: Int, std: Double) {
            tensors += name to Tensor(longArrayOf(cols.toLong(), rows.toLong()), FloatArray(cols * rows) { (random.nextGaussian() * std).toFloat() })
        }
        fun ones(name: String) {
            tensors += name to Tensor(longArrayOf(EMBEDDING.toLong()), FloatArray(EMBEDDING) { 1f })
        }
        val vocab = tokens.size
        matrix("token_embd.weight", EMBEDDING, vocab, 1.0)
        for (i in 0 until LAYERS) {
            ones("blk.$i.attn_norm.weight")
            matrix("blk.$i.attn_q.weight", EMBEDDING, EMBEDDING, 0.1)
            matrix("blk.$i.attn_k.weight", EMBEDDING, EMBEDDING, 0.1)
            matrix("blk.$i.attn_v.weight", EMBEDDING, EMBEDDING, 0.1)
            matrix("blk.$i.attn_output.weight", EMBEDDING, EMBEDDING, 0.1)
            ones("blk.$i.ffn_norm.weight")
            matrix("blk.$i.ffn_gate.weight", EMBEDDING, FEED_FORWARD, 0.1)
            matrix("blk.$i.ffn_up.weight", EMBEDDING, FEED_FORWARD, 0.1)
            matrix("blk.$i.ffn_down.weight", FEED_FORWARD, EMBEDDING, 0.1)
        }
        ones("output_norm.weight")
        matrix("output.weight", EMBEDDING, vocab, 0.3)

        val w = Writer()
        val kv = ArrayList<(Writer) -> Unit>()
        fun string(key: String, value: String) = kv.add { it.str(key); it.u32(TYPE_STRING); it.str(value) }
        fun u32(key: String, value: Int) = kv.add { it.str(key); it.u32(TYPE_UINT32); it.u32(value) }
        fun f32(key: String, value: Float) = kv.add { it.str(key); it.u32(TYPE_FLOAT32); it.f32(value) }
        fun bool(key: String, value: Boolean) = kv.add { it.str(key); it.u32(TYPE_BOOL); it.u8(if (value) 1 else 0) }
        string("general.architecture", architecture)
        string("general.name", "tiny-random-llama")
        u32("general.alignment", ALIGNMENT)
        u32("llama.context_length", CONTEXT)
        u32("llama.embedding_length", EMBEDDING)
        u32("llama.block_count", LAYERS)
        u32("llama.feed_forward_length", FEED_FORWARD)
        u32("llama.attention.head_count", HEADS)
        u32("llama.attention.head_count_kv", HEADS)
        u32("llama.rope.dimension_count", EMBEDDING / HEADS)
        f32("llama.rope.freq_base", 10000f)
        f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        string("tokenizer.ggml.model", "llama")
        kv.add { out ->
            out.str("tokenizer.ggml.tokens"); out.u32(TYPE_ARRAY); out.u32(TYPE_STRING); out.u64(tokens.size.toLong())
            tokens.forEach(out::str)
        }
        kv.add { out ->
            out.str("tokenizer.ggml.scores"); out.u32(TYPE_ARRAY); out.u32(TYPE_FLOAT32); out.u64(tokens.size.toLong())
            tokens.forEach { _ -> out.f32(0f) }
        }
        kv.add { out ->
            out.str("tokenizer.ggml.token_type"); out.u32(TYPE_ARRAY); out.u32(TYPE_INT32); out.u64(tokens.size.toLong())
            tokens.forEachIndexed { id, _ ->
                out.u32(
                    when {
                        id == 0 -> TOKEN_UNKNOWN
                        id < BYTE_TOKENS_START -> TOKEN_CONTROL
                        id < BYTE_TOKENS_START + 256 -> TOKEN_BYTE
                        else -> TOKEN_NORMAL
                    },
                )
            }
        }
        u32("tokenizer.ggml.unknown_token_id", 0)
        u32("tokenizer.ggml.bos_token_id", 1)
        u32("tokenizer.ggml.eos_token_id", EOS_ID)
        bool("tokenizer.ggml.add_bos_token", true)
        bool("tokenizer.ggml.add_eos_token", false)
        string("tokenizer.chat_template", template)

        w.raw(byteArrayOf('G'.code.toByte(), 'G'.code.toByte(), 'U'.code.toByte(), 'F'.code.toByte()))
        w.u32(3)
        w.u64(tensors.size.toLong())
        w.u64(kv.size.toLong())
        kv.forEach { it(w) }
        var offset = 0L
        for ((name, t) in tensors) {
            w.str(name); w.u32(t.dims.size); t.dims.forEach(w::u64); w.u32(GGML_TYPE_F32); w.u64(offset)
            offset = align(offset + t.data.size * 4L)
        }
        w.pad()
        for ((_, t) in tensors) {
            val buf = ByteBuffer.allocate(t.data.size * 4).order(ByteOrder.LITTLE_ENDIAN)
            t.data.forEach(buf::putFloat)
            w.raw(buf.array())
            w.pad()
        }
        return w.out.toByteArray()
    }

    private class Tensor(val dims: LongArray, val data: FloatArray)

    private class Writer {
        val out = ByteArrayOutputStream()
        private val scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        fun raw(b: ByteArray) = out.write(b)
        fun u8(v: Int) = out.write(v)
        fun u32(v: Int) { scratch.clear(); scratch.putInt(v); out.write(scratch.array(), 0, 4) }
        fun u64(v: Long) { scratch.clear(); scratch.putLong(v); out.write(scratch.array(), 0, 8) }
        fun f32(v: Float) { scratch.clear(); scratch.putFloat(v); out.write(scratch.array(), 0, 4) }
        fun str(s: String) { val b = s.toByteArray(Charsets.UTF_8); u64(b.size.toLong()); raw(b) }
        fun pad() { while (out.size() % ALIGNMENT != 0) out.write(0) }
    }

    private fun align(n: Long): Long = (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT

    private const val ALIGNMENT = 32
    private const val TYPE_UINT32 = 4
    private const val TYPE_INT32 = 5
    private const val TYPE_FLOAT32 = 6
    private const val TYPE_BOOL = 7
    private const val TYPE_STRING = 8
    private const val TYPE_ARRAY = 9
    private const val GGML_TYPE_F32 = 0
    private const val TOKEN_NORMAL = 1
    private const val TOKEN_UNKNOWN = 2
    private const val TOKEN_CONTROL = 3
    private const val TOKEN_BYTE = 6
}
