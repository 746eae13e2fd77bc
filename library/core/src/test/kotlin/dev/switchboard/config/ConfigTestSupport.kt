@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import dev.switchboard.replay.Recording
import dev.switchboard.replay.ReplayChatCompletionClient
import dev.switchboard.replay.ReplayFile
import dev.switchboard.replay.ReplayFixtures
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.net.URLClassLoader
import java.nio.file.Files
import java.nio.file.Path

/**
 * `keyed`, a client provider for the tests only (registered through [withKeyed], never through the test-jar's
 * services): it reads a secret `api_key`, a `base_url`, `headers` and a `model`, and answers with a replayed text
 * naming the model and the key's length.
 */
class KeyedProvider : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "keyed"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "a model name")
        val key = config.secretOrNull("api_key") ?: config.fail("api_key", "missing (expected the key)")
        config.urlOrNull("base_url")
        config.stringMap("headers") { it.contains("auth", ignoreCase = true) }
        return Keyed(model, key.length)
    }

    override fun describe(component: ChatCompletionClient): JsonObject? = (component as? Keyed)?.let {
        buildJsonObject { put("model", it.model); put("api_key", "\${KEYED_API_KEY}") }
    }

    class Keyed(model: String, val keyLength: Int) : ChatCompletionClient by ReplayChatCompletionClient.builder()
        .results(List(5) { ReplayFixtures.textResult("$model answers, key of $keyLength", model = model) }).model(model).build()
}

object ConfigTestSupport {
    /** A class loader finding the core's providers and [KeyedProvider]. */
    fun withKeyed(dir: Path): ClassLoader {
        val services = dir.resolve("services/META-INF/services")
        Files.createDirectories(services)
        Files.writeString(services.resolve(ComponentProvider::class.java.name), KeyedProvider::class.java.name + "\n")
        return URLClassLoader(arrayOf(dir.resolve("services").toUri().toURL()), ConfigTestSupport::class.java.classLoader)
    }

    /** A replay file in [dir] answering [texts] in order. */
    fun replayFile(dir: Path, name: String, vararg texts: String): Path {
        val file = dir.resolve(name)
        Files.writeString(file, texts.joinToString("\n") { ReplayFile.encode(Recording.Created(ReplayFixtures.textResult(it))) } + "\n")
        return file
    }
}
