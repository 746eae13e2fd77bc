package dev.switchboard.spi

import dev.switchboard.HttpOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path

/**
 * Every public declaration of `dev.switchboard.spi` is behind [SwitchboardSpi], so a Kotlin caller opts in before
 * using it; the one type an application names without opting in (an engine) marks only its provider-facing half.
 */
class SpiOptInTest : FunSpec({
    val named = setOf(EngineProvider::class.java, HttpExchanger::class.java)

    fun publicTopLevelClasses(): List<Class<*>> {
        val dir = Path.of("target", "classes", "dev", "switchboard", "spi")
        return Files.list(dir).use { files ->
            files.map { it.fileName.toString() }
                .filter { it.endsWith(".class") && '$' !in it }
                .map { Class.forName("dev.switchboard.spi." + it.removeSuffix(".class")) }
                .filter { Modifier.isPublic(it.modifiers) && it != SwitchboardSpi::class.java }
                .toList()
        }
    }

    test("every public class and top-level function of the spi package is marked @SwitchboardSpi") {
        val classes = publicTopLevelClasses()
        classes.map { it.simpleName } shouldContainAll listOf("ChatCodec", "PreparedCall", "CodecClients", "HttpTransport", "HttpExchanger", "StreamFrame")
        val unmarked = classes.filter { it !in named }.flatMap { cls ->
            if (cls.simpleName.endsWith("Kt")) {
                cls.declaredMethods.filter { Modifier.isPublic(it.modifiers) && !it.isAnnotationPresent(SwitchboardSpi::class.java) }
                    .map { "${cls.simpleName}.${it.name}" }
            } else {
                if (cls.isAnnotationPresent(SwitchboardSpi::class.java)) emptyList() else listOf(cls.simpleName)
            }
        }
        unmarked.shouldBeEmpty()
    }

    test("EngineProvider.create and HttpExchanger.exchange are marked, the types themselves are not") {
        val spi = SwitchboardSpi::class.java
        EngineProvider::class.java.getMethod("create", HttpOptions::class.java).isAnnotationPresent(spi) shouldBe true
        HttpExchanger::class.java.methods.filter { it.name == "exchange" || it.name == "classify" }.all { it.isAnnotationPresent(spi) } shouldBe true
        // Implementing them needs the opt-in (@SubclassOptInRequired); naming them, as HttpOptions.engine(...) and .exchanger(...) do, not.
        named.any { it.isAnnotationPresent(spi) } shouldBe false
    }
})
