package dev.switchboard.bedrock

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.EventStreamFraming
import dev.switchboard.spi.StreamFrame
import java.util.Base64

/** The vendored fixtures (see `src/test/resources/fixtures/README.md`), and feeding event-stream bytes to the decoders. */
internal object Fixtures {
    fun text(name: String): String =
        requireNotNull(Fixtures::class.java.getResourceAsStream("/fixtures/$name")) { "missing fixture $name" }.use { it.readBytes().decodeToString() }

    /** A `.chunks.txt` fixture written back as binary event-stream messages, one per line. */
    fun chunkBytes(name: String): ByteArray =
        text(name).lines().filter { it.isNotBlank() }.map { BedrockWire.frameBytes(it) }.fold(ByteArray(0)) { a, b -> a + b }

    /** The real-format binary messages of a `.base64.txt` fixture. */
    fun base64Bytes(name: String): ByteArray = Base64.getDecoder().decode(text(name).trim())

    /** The frames the core event-stream framing reads from [bytes], fed in pieces of [piece] bytes. */
    fun frames(bytes: ByteArray, piece: Int = 7): List<StreamFrame> {
        val decoder = EventStreamFraming.newDecoder("bedrock")
        val out = ArrayList<StreamFrame>()
        var off = 0
        while (off < bytes.size) {
            val n = minOf(piece, bytes.size - off)
            decoder.feed(bytes, off, n)
            off += n
            while (true) out += decoder.next() ?: break
        }
        return out
    }

    /** What a Converse stream decoder makes of [bytes]: its events and its result (finish throws for an incomplete stream). */
    fun decodeStream(bytes: ByteArray, answerTool: String? = null): Pair<List<ChatStreamEvent>, CreateResult> {
        val decoder = ConverseStreamDecoder("bedrock", "req-1", answerTool)
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        for (f in frames(bytes)) if (decoder.decode(f, events)) { terminated = true; break }
        return events to decoder.finish(terminated)
    }
}
