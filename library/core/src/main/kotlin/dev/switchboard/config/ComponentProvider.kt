package dev.switchboard.config

import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject

/**
 * Builds one kind of component from the `config` of a `{"provider": name, "config": {...}}` node. Providers are
 * found with `java.util.ServiceLoader` (a line in `META-INF/services/dev.switchboard.config.ComponentProvider`);
 * no class is ever loaded by a name taken from a document.
 *
 * [create] reads its values through the [ConfigNode], which reports a wrong or missing value as
 * `path: what was expected`; keys it never asks for are errors after it returns. Implementing it needs
 * `@OptIn(SwitchboardSpi::class)`.
 */
@SubclassOptInRequired(SwitchboardSpi::class)
public interface ComponentProvider<T : Any> {
    /** What it builds. */
    public val kind: ComponentKind<T>

    /** The name documents give as `provider`, such as `openai` or `cache`: lower case, unique per kind. */
    public val name: String

    /**
     * The component [config] describes; nested components (a wrapped client, a store, a token provider) come from
     * [context].
     *
     * @throws ConfigException when a value is missing or wrong (through [ConfigNode]'s readers).
     */
    public fun create(config: ConfigNode, context: ConfigContext): T

    /**
     * The `config` of [component] as a document would give it, without any secret (a key is written as its usual
     * `${VARIABLE}` placeholder, or left out), or null when [component] is not one this provider builds or it
     * cannot be described. Used to write back clients built in code.
     */
    public fun describe(component: T): JsonObject? = null
}
