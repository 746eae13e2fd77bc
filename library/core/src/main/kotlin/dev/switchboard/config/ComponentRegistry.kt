package dev.switchboard.config

import dev.switchboard.spi.SwitchboardSpi
import java.util.ServiceConfigurationError
import java.util.ServiceLoader

/** The [ComponentProvider]s found with [ServiceLoader], by kind and name. */
@OptIn(SwitchboardSpi::class)
internal class ComponentRegistry(providers: List<ComponentProvider<*>>) {
    private val byKind: Map<ComponentKind<*>, Map<String, ComponentProvider<*>>> =
        providers.groupBy { it.kind }.mapValues { (_, list) -> list.associateBy { it.name } }

    fun <T : Any> find(kind: ComponentKind<T>, name: String, path: String): ComponentProvider<T> {
        @Suppress("UNCHECKED_CAST")
        byKind[kind]?.get(name)?.let { return it as ComponentProvider<T> }
        val other = byKind.entries.firstOrNull { name in it.value }?.key
        val known = names(kind).joinToString(", ").ifEmpty { "none registered: add a provider module" }
        val shown = name.take(80)
        throw ConfigException(
            path,
            when {
                other != null -> "\"$shown\" is a $other provider, but a $kind is expected here (known: $known)"
                // AutoGen names classes (`autogen_ext.models.openai.OpenAIChatCompletionClient`): say why that is refused.
                '.' in name -> "unknown provider \"$shown\": classes are never loaded by a name from a document; name a registered provider (known: $known)"
                else -> "unknown provider \"$shown\" (known: $known)"
            },
        )
    }

    fun names(kind: ComponentKind<*>): List<String> = byKind[kind]?.keys?.sorted() ?: emptyList()

    fun <T : Any> all(kind: ComponentKind<T>): List<ComponentProvider<T>> {
        @Suppress("UNCHECKED_CAST")
        return byKind[kind]?.values?.map { it as ComponentProvider<T> } ?: emptyList()
    }

    companion object {
        fun discover(loader: ClassLoader?): ComponentRegistry {
            val found = ArrayList<ComponentProvider<*>>()
            val iterator = ServiceLoader.load(ComponentProvider::class.java, loader).iterator()
            while (true) {
                try {
                    if (!iterator.hasNext()) break
                    found += iterator.next()
                } catch (e: ServiceConfigurationError) {
                    throw IllegalStateException("A Switchboard configuration provider failed to load: ${e.message}", e)
                }
            }
            val clash = found.groupBy { it.kind to it.name }.entries.firstOrNull { it.value.size > 1 }
            check(clash == null) {
                "Two configuration providers of ${clash!!.key.first}s are named \"${clash.key.second}\": " +
                    clash.value.joinToString(", ") { it.javaClass.name }
            }
            return ComponentRegistry(found)
        }
    }
}
