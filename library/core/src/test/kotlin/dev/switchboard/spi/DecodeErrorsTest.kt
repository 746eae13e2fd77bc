package dev.switchboard.spi

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import kotlinx.serialization.SerializationException
import kotlinx.serialization.builtins.MapSerializer
import kotlinx.serialization.builtins.serializer
import kotlinx.serialization.json.Json

class DecodeErrorsTest : FunSpec({
    // Built at run time so that the repository holds nothing that looks like a real key.
    val skKey = "sk-" + "proj-FAKEabcdefghijklmnop0123456789"
    val opaque = "Zq8mT4vN" + "2pL6xR0cWy"
    val shape = MapSerializer(String.serializer(), Int.serializer())

    fun failure(body: String): Exception = try {
        Json.decodeFromString(shape, body)
        error("the body parsed: $body")
    } catch (e: IllegalArgumentException) {
        e
    }

    fun everything(e: Throwable): String = buildString {
        var t: Throwable? = e
        while (t != null) {
            append(t.message).append('\n').append(t.toString()).append('\n')
            t = t.cause
        }
    }

    test("a body holding an sk- key appears in neither the message, the cause chain nor toString") {
        val body = """{"echo": "$skKey", "n": """ + "x".repeat(50) + "}"
        val parserFailure = failure(body)
        // The parser itself quotes the input: what the helper must not pass on.
        parserFailure.message!! shouldContain skKey
        val e = DecodeErrors.unreadable("openai", "response is not a valid chat completion", body, "req_1", parserFailure)
        e.message!! shouldStartWith "The openai response is not a valid chat completion ("
        everything(e) shouldNotContain skKey
        e.bodyExcerpt.shouldNotBeNull() shouldNotContain skKey
        e.requestId shouldBe "req_1"
        e.statusCode shouldBe 200
    }

    test("the cause keeps the parser's class, position and stack trace, quotes no input, and has no cause") {
        val body = """{"count": "$opaque"}"""
        val parserFailure = failure(body)
        parserFailure.message!! shouldContain opaque
        val e = DecodeErrors.unreadable("ollama", "response is not a chat response", body, null, parserFailure)
        val cause = e.cause.shouldNotBeNull()
        cause.message!! shouldStartWith parserFailure.javaClass.name
        cause.message!! shouldContain "offset"
        cause.message!! shouldNotContain opaque
        cause.toString() shouldNotContain opaque
        cause.stackTrace.toList() shouldBe parserFailure.stackTrace.toList()
        cause.cause.shouldBeNull()
        (cause is SerializationException) shouldBe false
        // The message's problem part quotes no input either; only the excerpt (which is meant to) shows the body.
        DecodeErrors.problem(parserFailure) shouldNotContain opaque
    }

    test("the configuration's secrets are scrubbed from the excerpt and the problem, whatever their shape") {
        val body = """{"echo": "$opaque", "n": nope}"""
        val secrets = Secrets(listOf(opaque))
        val e = DecodeErrors.unreadable("anthropic", "stream sent an event that is not valid JSON", body, null, failure(body), secrets)
        everything(e) shouldNotContain opaque
        e.bodyExcerpt!! shouldContain "***"
    }

    test("without a parser failure there is no problem part and no cause") {
        val e = DecodeErrors.unreadable("openai", "response has no choices", """{"choices":[]}""", "r", null)
        e.message shouldBe """The openai response has no choices: {"choices":[]}"""
        e.cause.shouldBeNull()
    }

    test("excerpt redacts before it cuts, and marks a cut") {
        val body = "a".repeat(195) + skKey
        val excerpt = DecodeErrors.excerpt(body, max = 200)
        excerpt shouldNotContain "sk-proj-FAKE"
        excerpt shouldEndWith "…"
        excerpt.length shouldBe 201
        DecodeErrors.excerpt("short") shouldBe "short"
        DecodeErrors.excerpt("x".repeat(400), max = 300).length shouldBe 301
    }

    test("problem is the first line of the message, without long quoted runs, cut to 200 characters") {
        DecodeErrors.problem(IllegalArgumentException("Unexpected 's' at offset 3\nJSON input: {...}")) shouldBe "Unexpected 's' at offset 3"
        DecodeErrors.problem(IllegalArgumentException("bad key '$opaque' here")) shouldBe "bad key '…' here"
        DecodeErrors.problem(IllegalStateException()) shouldBe "IllegalStateException"
        DecodeErrors.problem(IllegalArgumentException("y".repeat(500))).length shouldBe 201
    }
})
