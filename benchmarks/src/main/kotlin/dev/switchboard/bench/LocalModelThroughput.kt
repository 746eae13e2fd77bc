package dev.switchboard.bench

import de.kherud.llama.InferenceParameters
import de.kherud.llama.LlamaModel
import de.kherud.llama.ModelParameters
import dev.switchboard.ChatStreamEvent
import dev.switchboard.createRequest
import dev.switchboard.llamacpp.LlamaCppChatCompletionClient
import dev.switchboard.llamacpp.LlamaCppConfig
import dev.switchboard.llamacpp.RandomGgufModel
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.runBlocking
import java.nio.file.Path
import kotlin.system.exitProcess

/**
 * Tokens per second of a local GGUF model (the tiny random one) streamed through `switchboard-llamacpp`, against the
 * same model, prompt, sampling and token count read through java-llama.cpp directly (the floor: nothing but llama.cpp
 * and its JNI bridge). Both load the model with the same context and threads, evaluate the whole prompt each time (no
 * prompt cache), ban the end-of-generation token (so every run generates exactly [tokens]) and bytes above 0x7F (so
 * each token arrives as its own piece). Runs alternate between the two, and the medians are compared.
 *
 * `LocalModelThroughput [tokens] [reps] [threads]` prints one line per measurement, `RESULT` first.
 */
public object LocalModelThroughput {
    private const val EOS_ID = 4
    private val NON_ASCII_BYTES = (5 + 0x80)..(5 + 0xFF)

    /**
     * The medians found, in tokens per second: streamed through the library, through the library's `create`, and
     * directly; and the streamed rate's share of the direct one.
     */
    public class Figures(
        public val libraryTokensPerSecond: Double,
        public val libraryCreateTokensPerSecond: Double,
        public val directTokensPerSecond: Double,
    ) {
        /** The library's streamed rate over the direct one (1.0 is parity; the target is at least 0.95). */
        public val ratio: Double get() = libraryTokensPerSecond / directTokensPerSecond
    }

    /** Measures [reps] alternating runs of [tokens] tokens each, on [threads] threads. */
    public fun measure(tokens: Int, reps: Int, threads: Int, model: Path = RandomGgufModel.writeTemp()): Figures {
        val bias = buildMap { put(EOS_ID, -1e9f); NON_ASCII_BYTES.forEach { put(it, -1e9f) } }
        val config = LlamaCppConfig.builder(model).contextSize(tokens + 128).threads(threads).promptCache(false).build()
        val library = LlamaCppChatCompletionClient.open(config)
        val direct = LlamaModel(ModelParameters().setModel(model.toString()).setCtxSize(tokens + 128).setThreads(threads)
            .setThreadsBatch(threads).disableContextShift())
        try {
            val request = createRequest {
                user("Tell me about rivers.")
                maxTokens(tokens); seed(1); temperature(0.8)
                bias.keys.forEach { logitBias(it.toString(), -100) }
            }
            val prompt = direct.applyTemplate("""{"messages":[{"role":"user","content":"Tell me about rivers."}],"add_generation_prompt":true}""")
            fun viaLibrary(): Double {
                val start = System.nanoTime()
                var n = 0
                runBlocking { library.createStream(request).collect { if (it is ChatStreamEvent.Completed) n = it.result.usage.completionTokens } }
                check(n == tokens) { "the library generated $n tokens, not $tokens" }
                return n / ((System.nanoTime() - start) / 1e9)
            }
            fun viaCreate(): Double {
                val start = System.nanoTime()
                val n = runBlocking { library.create(request) }.usage.completionTokens
                check(n == tokens) { "the library generated $n tokens, not $tokens" }
                return n / ((System.nanoTime() - start) / 1e9)
            }
            fun viaDirect(): Double {
                val start = System.nanoTime()
                val params = InferenceParameters(prompt).setNPredict(tokens).setSeed(1).setTemperature(0.8f)
                    .setCachePrompt(false).setTokenIdBias(bias)
                var n = 0
                for (out in direct.generate(params)) n++
                check(n - 1 == tokens) { "java-llama.cpp sent ${n - 1} pieces, not $tokens" }
                return (n - 1) / ((System.nanoTime() - start) / 1e9)
            }
            viaLibrary(); viaCreate(); viaDirect() // warm-up
            val lib = ArrayList<Double>()
            val created = ArrayList<Double>()
            val dir = ArrayList<Double>()
            repeat(reps) {
                if (it % 2 == 0) { lib += viaLibrary(); created += viaCreate(); dir += viaDirect() }
                else { dir += viaDirect(); created += viaCreate(); lib += viaLibrary() }
            }
            return Figures(median(lib), median(created), median(dir))
        } finally {
            library.close()
            direct.close()
        }
    }

    private fun median(xs: List<Double>): Double = xs.sorted()[xs.size / 2]

    /** Runs the measurement and prints it. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val tokens = args.getOrNull(0)?.toInt() ?: 400
        val reps = args.getOrNull(1)?.toInt() ?: 15
        val threads = args.getOrNull(2)?.toInt() ?: 1
        val f = measure(tokens, reps, threads)
        println(("RESULT local model, $tokens tokens x $reps runs, $threads thread(s): switchboard-llamacpp streamed %.0f tok/s " +
            "(create %.0f tok/s), java-llama.cpp directly %.0f tok/s, streamed/direct %.3f")
            .format(f.libraryTokensPerSecond, f.libraryCreateTokensPerSecond, f.directTokensPerSecond, f.ratio))
        // java-llama.cpp 4.1.0 attaches its task thread to the JVM as a non-daemon thread and never detaches it, so the
        // JVM would not end by itself.
        exitProcess(0)
    }
}
