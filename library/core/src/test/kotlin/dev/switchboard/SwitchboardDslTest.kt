package dev.switchboard

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.put

/**
 * The request DSL is marked, so that inside a nested marked lambda (`extraBody(name) { ... }`) the request builder's
 * members are not called by mistake. That a call such as `createRequest { extraBody("m") { user("x") } }` does not
 * compile is not checked by compiling it here (a compiler per test run is too heavy); what makes it so is checked
 * instead: the builder carries an annotation that is a DSL marker. (The nested lambda's receiver is marked through its
 * function type, which Kotlin keeps in its metadata only: not visible to Java reflection.)
 */
class SwitchboardDslTest : FunSpec({
    /** Whether [annotation] is meta-annotated with @DslMarker, which has BINARY retention: read from its class file. */
    fun isDslMarker(annotation: Class<out Annotation>): Boolean {
        val bytes = annotation.getResourceAsStream("/" + annotation.name.replace('.', '/') + ".class")!!.use { it.readBytes() }
        // An annotation class refers to kotlin.DslMarker in its constant pool only to be annotated with it.
        return String(bytes, Charsets.ISO_8859_1).contains("Lkotlin/DslMarker;")
    }

    test("SwitchboardDsl is a DSL marker and the request builder carries it") {
        isDslMarker(SwitchboardDsl::class.java) shouldBe true
        isDslMarker(Deprecated::class.java) shouldBe false
        val markers = CreateRequest.Builder::class.java.annotations.map { it.annotationClass.java }.filter(::isDslMarker)
        markers shouldBe listOf(SwitchboardDsl::class.java)
    }

    test("an outer builder's member is called inside a nested lambda by naming its receiver") {
        val request = createRequest {
            system("Be brief")
            extraBody("metadata") {
                put("trace", "abc")
                this@createRequest.user("x")
            }
        }
        request.messages.last().shouldBeInstanceOf<UserMessage>().text shouldBe "x"
        request.extraBody["metadata"] shouldBe JsonObject(mapOf("trace" to JsonPrimitive("abc")))
    }
})
