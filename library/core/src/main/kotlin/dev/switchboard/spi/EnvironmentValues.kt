package dev.switchboard.spi

/** How configs read their `fromEnvironment()` variables: trimmed, with unset and blank alike meaning "not set". */
@SwitchboardSpi
public object EnvironmentValues {
    /**
     * The value of the first of [names] that [env] has set to something not blank, trimmed; null when none is.
     * [env] is `System::getenv` in use, a map's `get` in tests.
     */
    @JvmStatic
    public fun first(env: (String) -> String?, vararg names: String): String? {
        for (name in names) env(name)?.trim()?.takeIf { it.isNotEmpty() }?.let { return it }
        return null
    }
}
