package dev.switchboard

import dev.switchboard.http.CioTestEngine
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.PreparedCall
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.util.concurrent.atomic.AtomicInteger

/** A codec that takes [kinds] of guided decoding and fails the test if a call is ever prepared. */
private class GuidedCodec(private val kinds: Set<GuidedDecoding.Kind>) : ChatCodec {
    val prepared = AtomicInteger()
    override val provider: String = "acme"
    override val guidedDecoding: Set<GuidedDecoding.Kind> get() = kinds
    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        prepared.incrementAndGet()
        throw BadRequestException("prepared: the check let the request through", provider, 0)
    }
    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        HttpErrors.map(provider, status, headers, body)
}

class GuidedDecodingTest : FunSpec({
    test("each factory makes its kind, and equal constraints are equal") {
        GuidedDecoding.jsonSchema("""{"type":"object"}""").kind shouldBe GuidedDecoding.Kind.JSON_SCHEMA
        GuidedDecoding.jsonSchema("""{"type":"object"}""") shouldBe
            GuidedDecoding.jsonSchema(JsonObject(mapOf("type" to JsonPrimitive("object"))))
        GuidedDecoding.regex("\\d+").kind shouldBe GuidedDecoding.Kind.REGEX
        (GuidedDecoding.regex("\\d+") as GuidedDecoding.Regex).pattern shouldBe "\\d+"
        GuidedDecoding.grammar("root ::= \"yes\"").kind shouldBe GuidedDecoding.Kind.GRAMMAR
        (GuidedDecoding.choice("yes", "no") as GuidedDecoding.Choice).choices shouldBe listOf("yes", "no")
        GuidedDecoding.choice(listOf("a")) shouldBe GuidedDecoding.choice("a")
        (GuidedDecoding.regex("a") == GuidedDecoding.grammar("a")) shouldBe false
    }

    test("bad constraints are refused with what was wrong") {
        shouldThrow<IllegalArgumentException> { GuidedDecoding.jsonSchema("[1]") }.message shouldContain "JSON object"
        shouldThrow<IllegalArgumentException> { GuidedDecoding.jsonSchema("{") }.message shouldContain "JSON object"
        shouldThrow<IllegalArgumentException> { GuidedDecoding.regex("") }.message shouldContain "empty"
        shouldThrow<IllegalArgumentException> { GuidedDecoding.grammar("  ") }.message shouldContain "blank"
        shouldThrow<IllegalArgumentException> { GuidedDecoding.choice(emptyList()) }.message shouldContain "at least one"
        shouldThrow<IllegalArgumentException> { GuidedDecoding.choice("a", "") }.message shouldContain "empty"
        shouldThrow<IllegalArgumentException> { GuidedDecoding.choice("a", "a") }.message shouldContain "distinct"
    }

    test("a grammar's toString gives its length, not its text") {
        GuidedDecoding.grammar("root ::= \"secret\"").toString() shouldNotContain "secret"
    }

    test("a request keeps its guided decoding through newBuilder, and refuses it beside a JSON response format") {
        val g = GuidedDecoding.regex("[a-z]+")
        val request = createRequest { user("x"); guidedDecoding(g) }
        request.guidedDecoding shouldBe g
        request.newBuilder().build().guidedDecoding shouldBe g
        request.toString() shouldContain "guidedDecoding=REGEX"
        createRequest { user("x"); responseFormat(ResponseFormat.Text); guidedDecoding(g) }.guidedDecoding shouldBe g
        shouldThrow<IllegalArgumentException> { createRequest { user("x"); jsonOutput(); guidedDecoding(g) } }
            .message shouldContain "only one"
    }

    test("a client whose server does not take the kind fails before preparing anything, naming what it takes") {
        val codec = GuidedCodec(setOf(GuidedDecoding.Kind.JSON_SCHEMA, GuidedDecoding.Kind.GRAMMAR))
        CodecClients.create("m", ModelInfo.ALL_CAPABILITIES, codec, HttpTransport("acme", HttpOptions.builder().engine(CioTestEngine).build())).use { c ->
            val request = createRequest { user("x"); guidedDecoding(GuidedDecoding.regex("\\d+")) }
            val e = shouldThrow<CapabilityMissingException> { c.create(request) }
            e.capability shouldBe "guided_decoding_regex"
            e.provider shouldBe "acme"
            e.message shouldContain "a regular expression"
            e.message shouldContain "a JSON schema or a grammar only"
            shouldThrow<CapabilityMissingException> { c.createStream(request).toList() }
            codec.prepared.get() shouldBe 0
            // A kind it takes reaches the codec.
            shouldThrow<BadRequestException> { c.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.grammar("g")) }) }
            codec.prepared.get() shouldBe 1
        }
    }

    test("a codec that declares nothing takes no guided decoding") {
        val codec = GuidedCodec(emptySet())
        CodecClients.create("m", ModelInfo.ALL_CAPABILITIES, codec, HttpTransport("acme", HttpOptions.builder().engine(CioTestEngine).build())).use { c ->
            val e = shouldThrow<CapabilityMissingException> {
                c.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.choice("yes", "no")) })
            }
            e.message shouldContain "takes no guided decoding"
            e.capability shouldBe "guided_decoding_choice"
            e.shouldBeInstanceOf<SwitchboardException>()
            codec.prepared.get() shouldBe 0
        }
    }
})
