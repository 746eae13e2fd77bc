package dev.switchboard.llamacpp.internal

import de.kherud.llama.LlamaModel
import de.kherud.llama.ModelParameters
import dev.switchboard.BadRequestException
import dev.switchboard.llamacpp.LlamaCppConfig
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.locks.ReentrantReadWriteLock
import kotlin.concurrent.read
import kotlin.concurrent.write

/**
 * A GGUF model loaded into llama.cpp, with the threads its generations run on. llama.cpp runs [slots] generations at
 * once and queues the others in its task queue; each generation holds one of this model's threads while it waits for
 * its tokens, so no caller's thread ever blocks on native code.
 *
 * [close] waits for running generations to stop (each is asked to, and stops within a token), then shuts llama.cpp's
 * task loop down. Calls made after it fail with [IllegalStateException].
 */
internal class LocalModel private constructor(val config: LlamaCppConfig, val header: GgufHeader, val model: LlamaModel, val contextSize: Int) {
    val slots: Int = config.parallel
    val slotContext: Int = contextSize / slots
    private val lock = ReentrantReadWriteLock()
    private var closed = false
    private val active = ConcurrentHashMap.newKeySet<AtomicBoolean>()
    val executor: ExecutorService = Executors.newCachedThreadPool(Daemons("switchboard-llamacpp"))

    /** Runs [block] unless closed, holding the model open until it returns; [stop] is set when [close] wants it to end. */
    fun <T> use(stop: AtomicBoolean, block: () -> T): T {
        lock.read {
            check(!closed) { "This llama.cpp client is closed" }
            active += stop
            try {
                return block()
            } finally {
                active -= stop
            }
        }
    }

    fun isClosed(): Boolean = lock.read { closed }

    /** Set once [close] has begun: a generation stopped after it was stopped by the close, not by its caller. */
    @Volatile
    var closing: Boolean = false
        private set

    fun close() {
        closing = true
        active.forEach { it.set(true) }
        lock.write {
            if (closed) return
            closed = true
            model.close()
        }
        executor.shutdown()
        executor.awaitTermination(5, TimeUnit.SECONDS)
    }

    private class Daemons(private val prefix: String) : ThreadFactory {
        private val n = AtomicInteger()
        override fun newThread(r: Runnable): Thread = Thread(r, "$prefix-${n.incrementAndGet()}").apply { isDaemon = true }
    }

    companion object {
        private const val DEFAULT_CONTEXT_CAP = 4096

        /**
         * Loads the model of [config].
         *
         * @throws dev.switchboard.NotFoundException when there is no readable file at the path.
         * @throws BadRequestException when the file is not a GGUF model llama.cpp loads (the message names the path).
         */
        fun load(config: LlamaCppConfig): LocalModel {
            val path = config.modelPath.toAbsolutePath()
            val header = GgufHeader.read(path)
            val context = config.contextSize ?: minOf(header.contextLength ?: DEFAULT_CONTEXT_CAP, DEFAULT_CONTEXT_CAP)
            val params = ModelParameters()
                .setModel(path.toString())
                .setCtxSize(context)
                .setParallel(config.parallel)
                .setGpuLayers(config.gpuLayers)
                .disableContextShift()
            // Not --jinja: java-llama.cpp 4.1.0 does not catch what a Jinja template raises (`raise_exception`, as many
            // do on roles that do not alternate), which aborts the JVM. llama.cpp's built-in formats, which it picks
            // from the model's template text, raise nothing once the model has loaded.
            config.threads?.let { params.setThreads(it).setThreadsBatch(it) }
            config.chatTemplate?.let { params.setChatTemplate(it) }
            val model = try {
                LlamaModel(params)
            } catch (e: RuntimeException) {
                if (!LlamaErrors.isLlama(e)) throw e
                throw BadRequestException(
                    "llama.cpp could not load the GGUF model '$path' (architecture ${header.architecture ?: "not given"}, " +
                        "GGUF version ${header.version}): ${e.message}. Its log above says why; an architecture or " +
                        "quantisation newer than the bundled llama.cpp, or too little memory, are the usual causes",
                    LlamaCppNames.PROVIDER, 0, cause = e,
                )
            }
            return LocalModel(config, header, model, context)
        }
    }
}
