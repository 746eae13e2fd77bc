package dev.switchboard.spi

/**
 * Marks the service-provider interface of `dev.switchboard.spi`: the codec, transport, engine and error-mapping
 * types that provider and engine modules are written against, not the API an application calls.
 *
 * It is for authors of providers and engines, and it may change between minor versions, without deprecation, as
 * the transport and codec seams evolve. Kotlin code that uses a declaration marked with it fails to compile
 * unless it opts in: `@OptIn(SwitchboardSpi::class)` on a declaration or file, or `-opt-in=dev.switchboard.spi.SwitchboardSpi`
 * for a whole module (the `<args>` of the kotlin-maven-plugin). Implementing [EngineProvider] or [ChatCodec] needs
 * the same opt-in, while naming an engine (`HttpOptions.builder().engine(...)`) or calling a provider's client does
 * not.
 *
 * The check is the Kotlin compiler's: Java code sees these types as ordinary public classes, without a warning,
 * and the same caution applies to it.
 */
@RequiresOptIn(
    message = "This is Switchboard's service-provider interface, for provider and engine authors; it may change " +
        "between minor versions. Opt in with @OptIn(SwitchboardSpi::class) or -opt-in=dev.switchboard.spi.SwitchboardSpi.",
    level = RequiresOptIn.Level.ERROR,
)
@Retention(AnnotationRetention.RUNTIME)
@Target(
    AnnotationTarget.CLASS,
    AnnotationTarget.FUNCTION,
    AnnotationTarget.PROPERTY,
    AnnotationTarget.CONSTRUCTOR,
    AnnotationTarget.TYPEALIAS,
)
@MustBeDocumented
public annotation class SwitchboardSpi
