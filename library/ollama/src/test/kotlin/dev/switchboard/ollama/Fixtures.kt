package dev.switchboard.ollama

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.StreamFrame

/** The vendored answers in src/test/resources/fixtures, and a decoder run over lines as the client runs it. */
internal object Fixtures {
    fun text(name: String): String =
        checkNotNull(Fixtures::class.java.getResource("/fixtures/$name")) { "missing fixture $name" }.readText()

    /** The lines of an NDJSON fixture, as the transport frames them. */
    fun lines(name: String): List<StreamFrame> = text(name).lines().filter { it.isNotBlank() }.map { StreamFrame(null, it.trim()) }

    class Decoded(val events: List<ChatStreamEvent>, val result: CreateResult, val terminatedAt: Int)

    /** Runs [frames] through a fresh decoder, as the client does, and finishes it. */
    fun decode(frames: List<StreamFrame>): Decoded {
        val decoder = OllamaStreamDecoder("ollama", null)
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        var at = -1
        for ((i, f) in frames.withIndex()) {
            if (decoder.decode(f, events)) {
                terminated = true
                at = i
                break
            }
        }
        return Decoded(events, decoder.finish(terminated), at)
    }

    fun frames(vararg lines: String): List<StreamFrame> = lines.map { StreamFrame(null, it) }
}
