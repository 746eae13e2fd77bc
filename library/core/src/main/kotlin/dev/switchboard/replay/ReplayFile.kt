package dev.switchboard.replay

import dev.switchboard.internal.wire.WireJson
import dev.switchboard.internal.wire.WireRecording
import dev.switchboard.internal.wire.toModel
import dev.switchboard.internal.wire.toWire
import java.io.BufferedReader
import java.io.IOException
import java.io.InputStreamReader
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.util.concurrent.ConcurrentHashMap

/**
 * Reads and writes replay files: JSON Lines, one [Recording] a line, each line versioned:
 *
 * ```
 * {"v":1,"kind":"create","model":"gpt-4o","messages":2,"result":{"choices":[…],"usage":{…}}}
 * {"v":1,"kind":"stream","model":"gpt-4o","messages":2,"events":[{"type":"text","text":"Hi"},…,{"type":"completed","result":{…}}]}
 * ```
 *
 * Blank lines are skipped. Appending is atomic per line: a JVM-wide lock per file and an exclusive file
 * lock (for other processes) are held while the whole line is written.
 */
public object ReplayFile {
    /** The format version this library writes and reads. */
    public const val FORMAT_VERSION: Int = 1

    private const val KIND_CREATE = "create"
    private const val KIND_STREAM = "stream"
    private val locks = ConcurrentHashMap<Path, Any>()

    /** [recording] as one line of JSON, without the line break. */
    @JvmStatic
    public fun encode(recording: Recording): String {
        val wire = when (recording) {
            is Recording.Created -> WireRecording(
                FORMAT_VERSION, KIND_CREATE, recording.model, recording.messageCount, result = recording.result.toWire(),
            )
            is Recording.Streamed -> WireRecording(
                FORMAT_VERSION, KIND_STREAM, recording.model, recording.messageCount,
                events = recording.events.map { it.toWire() },
            )
        }
        return WireJson.encodeToString(WireRecording.serializer(), wire)
    }

    /**
     * The recording held by one line of JSON.
     *
     * @throws IllegalArgumentException when the line is not a recording of a known version and kind.
     */
    @JvmStatic
    public fun decode(line: String): Recording {
        val wire = WireJson.decodeFromString(WireRecording.serializer(), line)
        require(wire.v == FORMAT_VERSION) {
            "Replay format version ${wire.v} is not supported (this library reads version $FORMAT_VERSION)"
        }
        return when (wire.kind) {
            KIND_CREATE -> {
                val result = requireNotNull(wire.result) { "A '$KIND_CREATE' recording needs a 'result'" }
                Recording.Created(result.toModel(), wire.model, wire.messages)
            }
            KIND_STREAM -> {
                val events = requireNotNull(wire.events) { "A '$KIND_STREAM' recording needs 'events'" }
                Recording.Streamed(events.map { it.toModel() }, wire.model, wire.messages)
            }
            else -> throw IllegalArgumentException(
                "Unknown recording kind '${wire.kind}' (expected '$KIND_CREATE' or '$KIND_STREAM')",
            )
        }
    }

    /**
     * The recordings in [text], one a line, in order.
     *
     * @throws IllegalArgumentException naming [source] and the line number of the first line that is not a recording.
     */
    @JvmStatic
    @JvmOverloads
    public fun parse(text: String, source: String = "replay text"): List<Recording> =
        text.lineSequence().parseLines(source)

    /**
     * The recordings in the file at [path], in order.
     *
     * @throws java.io.IOException when the file cannot be read.
     * @throws IllegalArgumentException naming the file and the line number of the first line that is not a recording.
     */
    @JvmStatic
    public fun read(path: Path): List<Recording> =
        Files.newBufferedReader(path, Charsets.UTF_8).useLines { it.parseLines(path.toString()) }

    /**
     * The recordings in the classpath resource [name] (such as `replays/weather.jsonl`), looked up with
     * the thread's context class loader, then this library's.
     *
     * @throws IllegalArgumentException when there is no such resource, or a line is not a recording.
     */
    @JvmStatic
    public fun readResource(name: String): List<Recording> {
        val resource = name.removePrefix("/")
        val loaders = listOfNotNull(Thread.currentThread().contextClassLoader, ReplayFile::class.java.classLoader)
        val stream = loaders.firstNotNullOfOrNull { it.getResourceAsStream(resource) }
            ?: throw IllegalArgumentException("No classpath resource '$resource' to replay")
        return BufferedReader(InputStreamReader(stream, Charsets.UTF_8)).useLines { it.parseLines("classpath:$resource") }
    }

    /**
     * Appends [recording] to the file at [path] as one line, creating the file and its directories when
     * missing. Safe to call from several threads and processes at once: lines never interleave.
     *
     * @throws java.io.IOException when the file cannot be written.
     */
    @JvmStatic
    public fun append(path: Path, recording: Recording) {
        val bytes = (encode(recording) + "\n").toByteArray(Charsets.UTF_8)
        val file = path.toAbsolutePath().normalize()
        synchronized(locks.computeIfAbsent(file) { Any() }) {
            file.parent?.let { Files.createDirectories(it) }
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND).use { channel ->
                channel.lock().use {
                    val buffer = ByteBuffer.wrap(bytes)
                    while (buffer.hasRemaining()) {
                        if (channel.write(buffer) < 0) throw IOException("Could not write the recording to $file")
                    }
                }
            }
        }
    }

    private fun Sequence<String>.parseLines(source: String): List<Recording> {
        val out = ArrayList<Recording>()
        forEachIndexed { i, line ->
            if (line.isBlank()) return@forEachIndexed
            try {
                out += decode(line)
            } catch (e: IllegalArgumentException) { // SerializationException is one
                throw IllegalArgumentException("$source line ${i + 1} is not a replay recording: ${e.message}", e)
            }
        }
        return out
    }
}
