package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import dev.switchboard.wrap.ForwardingChatCompletionClient
import java.nio.file.Path

/**
 * What a [ComponentProvider] builds nested components with: another `{"provider", "config"}` node (a wrapped
 * client, a store, a token provider), objects the application bound by name, and files named relative to the
 * document.
 */
public class ConfigContext internal constructor(private val session: LoadSession) {
    /**
     * The component of [kind] described by the object at [key] of [node] (`{"provider": ..., "config": {...}}`).
     *
     * @throws ConfigException when it is missing, names an unknown provider, or its config is wrong.
     */
    public fun <T : Any> component(node: ConfigNode, key: String, kind: ComponentKind<T>): T =
        componentOrNull(node, key, kind) ?: node.fail(key, "missing (expected a $kind: {provider: ..., config: {...}})")

    /** As [component], or null when [key] is absent. */
    public fun <T : Any> componentOrNull(node: ConfigNode, key: String, kind: ComponentKind<T>): T? =
        node.nodeOrNull(key)?.let { component(it, kind) }

    /**
     * The component of [kind] that [node] itself describes with its `provider` and `config` keys; the node may have
     * other keys of its container's (such as a router deployment's `name`), which the container reads.
     */
    public fun <T : Any> component(node: ConfigNode, kind: ComponentKind<T>): T {
        val name = (node.elementOrNull("provider") as? kotlinx.serialization.json.JsonPrimitive)?.takeIf { it.isString }?.content
            ?: node.fail("provider", if (node.has("provider")) "expected a provider name" else "missing (expected the name of a $kind provider: ${session.registry.names(kind).joinToString(", ")})")
        val provider = session.registry.find(kind, name, node.pathOf("provider"))
        // AutoGen's dump_component() writes these beside provider and config: read (so that they are not unknown keys),
        // component_type checked, the others informational.
        node.stringOrNull("component_type")?.let { type ->
            val expected = if (kind == ComponentKind.CLIENT) "model" else null
            if (expected != null && type != expected) node.fail("component_type", "expected \"$expected\" for a $kind (found \"${type.take(40)}\")")
        }
        for (key in AUTOGEN_INFORMATIONAL) node.stringOrNull(key)
        node.intOrNull("version"); node.intOrNull("component_version")
        val config = node.nodeOrNull("config") ?: ConfigNode(node.pathOf("config"), kotlinx.serialization.json.JsonObject(emptyMap()), session)
        val built = try {
            provider.create(config, this)
        } catch (e: ConfigException) {
            // A misspelt key is the likelier cause (`flie` leaves the file missing): say that first.
            config.checkTypos()
            throw e
        } catch (e: RuntimeException) {
            if (e !is IllegalArgumentException && e !is IllegalStateException) throw e
            // A misspelt key is the likelier cause of a builder's complaint (`apikey` leaves the key unset): say that first.
            config.checkTypos()
            // A builder's own check (a bad URL, a weight below 1): its message names the value's place, never a secret.
            throw ConfigException(config.path, e.message ?: "invalid", null, e)
        }
        if (built is AutoCloseable) session.resources += built
        return built
    }

    /**
     * The object the application bound under the name given at [key] (`Switchboard.loader().bind(name, value)`), or
     * null when [key] is absent: how a document refers to things that cannot be written in it, such as an
     * `OpenTelemetry` instance or a shared HTTP exchanger.
     *
     * @throws ConfigException when nothing of [type] is bound under that name.
     */
    public fun <T : Any> boundOrNull(node: ConfigNode, key: String, type: Class<T>): T? {
        val name = node.stringOrNull(key) ?: return null
        val value = session.bindings[name]
        if (value == null || !type.isInstance(value)) {
            val names = session.bindings.filterValues { type.isInstance(it) }.keys.sorted().joinToString(", ").ifEmpty { "none" }
            node.fail(key, "no ${type.simpleName} is bound as \"${name.take(40)}\" (bound: $names)")
        }
        return type.cast(value)
    }

    /**
     * The value of the variable [name] in the loader's environment (the process's unless the application gave
     * another), or null when unset or blank: what a provider reads its usual variables from, such as
     * `OPENAI_API_KEY` when a document gives no `api_key`.
     */
    public fun environment(name: String): String? = session.env(name)?.takeIf { it.isNotBlank() }

    /** [file] resolved against the document's directory when relative (the working directory for a document read from text). */
    public fun resolve(file: String): Path {
        val p = Path.of(file)
        return if (p.isAbsolute || session.baseDirectory == null) p else session.baseDirectory.resolve(p)
    }

    /**
     * [client], closing [resources] after itself when it is closed: for a wrapper whose nested component (a cache
     * store, a shared rate-limit store) belongs to the document and not to the application.
     */
    public fun closingWith(client: ChatCompletionClient, vararg resources: AutoCloseable): ChatCompletionClient =
        if (resources.isEmpty()) client else ClosingClient(client, resources.toList())

    /** Closes [resource] if the load fails later (clients and other [AutoCloseable] components are already). */
    public fun closeOnFailure(resource: AutoCloseable) {
        session.resources += resource
    }
}

private val AUTOGEN_INFORMATIONAL = listOf("description", "label")

/** A client that closes what its document gave it after itself ([ConfigContext.closingWith]). */
private class ClosingClient(client: ChatCompletionClient, private val resources: List<AutoCloseable>) : ForwardingChatCompletionClient(client) {
    override fun close() {
        var failure: Throwable? = null
        for (c in listOf<AutoCloseable>(delegate) + resources) {
            try { c.close() } catch (e: Exception) { failure?.addSuppressed(e) ?: run { failure = e } }
        }
        failure?.let { throw it }
    }

    override fun toString(): String = delegate.toString()
}
