package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.ServiceLoader
import java.util.function.Function

/**
 * Turns configuration documents into clients: `{"provider": name, "config": {...}}`, where the provider is one
 * registered with `java.util.ServiceLoader` ([ComponentProvider]) and wrappers nest their client under `client`.
 * Strings may hold `${VARIABLE}`s, read from the environment given to [Builder.environment] (the process's by
 * default). Get one with [Switchboard.loader]; [Switchboard.load] uses the defaults. Immutable and thread-safe.
 */
public class ConfigLoader private constructor(b: Builder) {
    private val env: (String) -> String? = b.env
    private val bindings: Map<String, Any> = LinkedHashMap(b.bindings)
    private val classLoader: ClassLoader? = b.classLoader
    private val registry: ComponentRegistry by lazy { ComponentRegistry.discover(classLoader ?: javaClass.classLoader) }
    private val formats: List<ConfigFormat> by lazy {
        listOf(JsonFormat) + ServiceLoader.load(ConfigFormat::class.java, classLoader ?: javaClass.classLoader).toList()
    }

    /**
     * The client the file at [path] describes, in the format its extension names (`.json`, or none; `.yaml`/`.yml`
     * with `switchboard-config-yaml`); relative file names in it are resolved against its directory.
     *
     * @throws ConfigException when the document is not well formed or describes no valid client.
     * @throws IOException when the file cannot be read.
     */
    @Throws(IOException::class)
    public fun load(path: Path): ChatCompletionClient {
        val source = path.toString()
        return build(parseFile(path), source, path.toAbsolutePath().parent)
    }

    /** The client the JSON [text] describes (file names in it are relative to the working directory). */
    public fun loadJson(text: String): ChatCompletionClient = load(text, "json")

    /**
     * The client [text], in the format named [format] (`json`, `yaml`), describes.
     *
     * @throws ConfigException when the format is unknown, the text not well formed, or the client invalid.
     */
    public fun load(text: String, format: String): ChatCompletionClient {
        val source = "$format text"
        return build(format(format, source).parse(text, source), source, null)
    }

    /** The client the tree [document] describes. */
    public fun load(document: JsonElement): ChatCompletionClient = build(document, "document", null)

    /**
     * The configuration of [client] as a document, without its secrets: for a client this loader's kind loaded, its
     * document with inline secrets left out (`${VARIABLE}`s stay); otherwise what its provider describes.
     *
     * @throws IllegalArgumentException when the client was built in code by something no provider can describe.
     */
    public fun describe(client: ChatCompletionClient): JsonObject {
        WriteBack.documentOf(client)?.let { return it }
        @OptIn(SwitchboardSpi::class)
        for (p in registry.all(ComponentKind.CLIENT)) {
            val config = p.describe(client) ?: continue
            return JsonObject(mapOf("provider" to JsonPrimitive(p.name), "config" to config))
        }
        throw IllegalArgumentException(
            "Cannot describe ${client.javaClass.simpleName}: it was not loaded from a document and no registered provider describes it",
        )
    }

    /** The value of [name] in this loader's environment. */
    internal fun variable(name: String): String? = env(name)

    internal fun parseFile(path: Path): JsonElement {
        val text = Files.readString(path)
        val ext = path.fileName?.toString()?.substringAfterLast('.', "")?.lowercase() ?: ""
        // A file without an extension, such as AutoGen's OAI_CONFIG_LIST, is JSON.
        val format = (if (ext.isEmpty()) JsonFormat else formats.firstOrNull { ext in it.extensions }) ?: throw ConfigException(
            ConfigNode.ROOT,
            "no format reads \".$ext\" files (known: ${formats.flatMap { it.extensions }.joinToString(", ") { ".$it" }}; " +
                "YAML needs dev.switchboard:switchboard-config-yaml)",
            path.toString(),
        )
        return format.parse(text, path.toString())
    }

    private fun format(name: String, source: String): ConfigFormat = formats.firstOrNull { it.name == name.lowercase() }
        ?: throw ConfigException(ConfigNode.ROOT, "unknown format \"${name.take(20)}\" (known: ${formats.joinToString(", ") { it.name }})", source)

    @OptIn(SwitchboardSpi::class)
    internal fun <T : Any> build(document: JsonElement, source: String, baseDirectory: Path?, kind: ComponentKind<T>, extraKeys: Set<String> = emptySet()): T {
        if (document !is JsonObject) throw ConfigException(ConfigNode.ROOT, "expected an object {provider: ..., config: {...}}, found ${ConfigNode.kindOf(document)}", source)
        val session = LoadSession(env, registry, bindings, baseDirectory)
        val root = ConfigNode(ConfigNode.ROOT, document, session)
        try {
            extraKeys.forEach { root.has(it) }
            val built = ConfigContext(session).component(root, kind)
            root.checkKnown()
            session.checkKnownKeys()
            if (built is ChatCompletionClient) {
                WriteBack.remember(built, WriteBack.withoutSecrets(document, session.secretPaths) as JsonObject)
            }
            return built
        } catch (e: Throwable) {
            session.closeAll(e)
            if (e is ConfigException) throw e.from(source)
            if (e is IllegalArgumentException || e is IllegalStateException) {
                // A builder's own check (a bad URL, a weight below 1): its message names values, not secrets.
                throw ConfigException(ConfigNode.ROOT, e.message ?: e.javaClass.simpleName, source, e)
            }
            throw e
        }
    }

    private fun build(document: JsonElement, source: String, baseDirectory: Path?): ChatCompletionClient =
        build(document, source, baseDirectory, ComponentKind.CLIENT)

    /** Builds a [ConfigLoader]. */
    public class Builder internal constructor() {
        internal var env: (String) -> String? = System::getenv
        internal val bindings = LinkedHashMap<String, Any>()
        internal var classLoader: ClassLoader? = null

        /** Reads `${VARIABLE}`s from [values] instead of the process's environment (unset and blank alike are not set). */
        public fun environment(values: Map<String, String>): Builder = apply { val copy = HashMap(values); env = { copy[it] } }

        /** Reads `${VARIABLE}`s through [lookup], which returns null for a variable that is not set. */
        public fun environment(lookup: Function<String, String?>): Builder = apply { env = { lookup.apply(it) } }

        /**
         * Binds [value] to [name], for documents to refer to by name (an `OpenTelemetry` for `telemetry`'s
         * `open_telemetry`, an `HttpExchanger` for `http.exchanger`).
         */
        public fun bind(name: String, value: Any): Builder = apply {
            require(name.isNotBlank()) { "A binding name must not be blank" }
            bindings[name] = value
        }

        /** Finds providers and formats with [loader] instead of the loader of this library. */
        public fun classLoader(loader: ClassLoader?): Builder = apply { classLoader = loader }

        /** The loader. */
        public fun build(): ConfigLoader = ConfigLoader(this)
    }

    override fun toString(): String = "ConfigLoader(bindings=${bindings.keys})"

    /** Factories. */
    public companion object {
        /** A builder reading the process's environment, with nothing bound. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
