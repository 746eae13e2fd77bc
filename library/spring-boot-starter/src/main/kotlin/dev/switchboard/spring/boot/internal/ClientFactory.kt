package dev.switchboard.spring.boot.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.spring.boot.SwitchboardConfigurationException
import dev.switchboard.spring.boot.SwitchboardLoaderCustomizer
import org.springframework.core.env.Environment
import java.util.function.Function

/** Wraps each client the starter builds (telemetry), by client name. */
internal fun interface ClientWrapper {
    fun wrap(name: String, client: ChatCompletionClient): ChatCompletionClient
}

/** Builds the client of each `switchboard.clients.<name>` with one [ConfigLoader] reading the Spring environment. */
internal class ClientFactory(
    environment: Environment,
    customizers: List<SwitchboardLoaderCustomizer>,
    private val wrappers: List<ClientWrapper>,
) {
    val documents: Map<String, ClientDocument> = ClientDocuments.read(environment).associateBy { it.name }
    private val loader: ConfigLoader = ConfigLoader.builder()
        .environment(Function { name: String -> environment.getProperty(name) })
        .also { b -> customizers.forEach { it.customize(b) } }
        .build()

    fun client(name: String): ChatCompletionClient {
        val doc = documents[name] ?: throw SwitchboardConfigurationException("${ClientDocuments.PREFIX}.$name", "no such client")
        val built = try {
            loader.load(doc.document)
        } catch (e: ConfigException) {
            val at = if (e.path == "(document)") "" else ".${e.path}"
            throw SwitchboardConfigurationException("${ClientDocuments.PREFIX}.$name$at", e.problem, e)
        }
        return wrappers.fold(built) { c, w -> w.wrap(name, c) }
    }

    override fun toString(): String = "ClientFactory(clients=${documents.keys})"
}
