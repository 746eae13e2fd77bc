package dev.switchboard.openai

import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.GuidedDecoding
import dev.switchboard.GuidedDecoding.Kind
import dev.switchboard.ModelFamily
import dev.switchboard.Tool
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/** The exact fields each server dialect gets for each kind of guided decoding. */
class GuidedDecodingWireTest : FunSpec({
    val schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""
    val json = GuidedDecoding.jsonSchema(schema)
    val regex = GuidedDecoding.regex("\\d{3}-\\d{4}")
    val grammar = GuidedDecoding.grammar("root ::= \"yes\" | \"no\"")
    val choice = GuidedDecoding.choice("positive", "negative")

    fun codec(dialect: GuidedDecodingDialect) =
        OpenAiChatCodec.from(OpenAiConfig.builder().baseUrl("http://127.0.0.1:9/v1").guidedDecoding(dialect).build(), ModelFamily.LLAMA)

    fun body(dialect: GuidedDecodingDialect, g: GuidedDecoding, configure: CreateRequest.Builder.() -> Unit = {}): JsonObject {
        val request = createRequest { user("x"); guidedDecoding(g); configure() }
        return Json.parseToJsonElement(codec(dialect).prepare("m", request, false).spec.body!!.decodeToString()).jsonObject
    }

    fun j(text: String): JsonElement = Json.parseToJsonElement(text)

    /** The body's fields besides those every request has. */
    fun extra(body: JsonObject): JsonObject = JsonObject(body.filterKeys { it != "model" && it != "messages" })

    test("vLLM: one structured_outputs object with json, regex, grammar or choice") {
        extra(body(GuidedDecodingDialect.VLLM, json)) shouldBe j("""{"structured_outputs":{"json":$schema}}""")
        extra(body(GuidedDecodingDialect.VLLM, regex)) shouldBe j("""{"structured_outputs":{"regex":"\\d{3}-\\d{4}"}}""")
        extra(body(GuidedDecodingDialect.VLLM, grammar)) shouldBe j("""{"structured_outputs":{"grammar":"root ::= \"yes\" | \"no\""}}""")
        extra(body(GuidedDecodingDialect.VLLM, choice)) shouldBe j("""{"structured_outputs":{"choice":["positive","negative"]}}""")
    }

    test("vLLM before 0.12: the guided_* fields") {
        extra(body(GuidedDecodingDialect.VLLM_GUIDED, json)) shouldBe j("""{"guided_json":$schema}""")
        extra(body(GuidedDecodingDialect.VLLM_GUIDED, regex)) shouldBe j("""{"guided_regex":"\\d{3}-\\d{4}"}""")
        extra(body(GuidedDecodingDialect.VLLM_GUIDED, grammar)) shouldBe j("""{"guided_grammar":"root ::= \"yes\" | \"no\""}""")
        extra(body(GuidedDecodingDialect.VLLM_GUIDED, choice)) shouldBe j("""{"guided_choice":["positive","negative"]}""")
    }

    test("TGI: response_format with type json or regex and the value") {
        extra(body(GuidedDecodingDialect.TGI, json)) shouldBe j("""{"response_format":{"type":"json","value":$schema}}""")
        extra(body(GuidedDecodingDialect.TGI, regex)) shouldBe j("""{"response_format":{"type":"regex","value":"\\d{3}-\\d{4}"}}""")
        // A Text response format is what the guided one replaces, not sent beside it.
        extra(body(GuidedDecodingDialect.TGI, regex) { responseFormat(dev.switchboard.ResponseFormat.Text) }) shouldBe
            j("""{"response_format":{"type":"regex","value":"\\d{3}-\\d{4}"}}""")
    }

    test("llama.cpp: the top-level json_schema or grammar") {
        extra(body(GuidedDecodingDialect.LLAMA_CPP, json)) shouldBe j("""{"json_schema":$schema}""")
        extra(body(GuidedDecodingDialect.LLAMA_CPP, grammar)) shouldBe j("""{"grammar":"root ::= \"yes\" | \"no\""}""")
    }

    test("guided fields sit beside the other options, and extraBody still overrides them") {
        val b = body(GuidedDecodingDialect.VLLM, regex) { temperature(0.0); topK(5); extraBody("structured_outputs", j("""{"regex":"x"}""")) }
        b["temperature"] shouldBe JsonPrimitive(0.0)
        b["top_k"] shouldBe JsonPrimitive(5)
        b["structured_outputs"] shouldBe j("""{"regex":"x"}""")
    }

    test("each dialect names the kinds it takes, and the codec declares them to the client") {
        GuidedDecodingDialect.NONE.kinds shouldBe emptySet()
        GuidedDecodingDialect.VLLM.kinds shouldBe Kind.entries.toSet()
        GuidedDecodingDialect.VLLM_GUIDED.kinds shouldBe Kind.entries.toSet()
        GuidedDecodingDialect.TGI.kinds shouldBe setOf(Kind.JSON_SCHEMA, Kind.REGEX)
        GuidedDecodingDialect.LLAMA_CPP.kinds shouldBe setOf(Kind.JSON_SCHEMA, Kind.GRAMMAR)
        for (d in GuidedDecodingDialect.entries) codec(d).guidedDecoding shouldBe d.kinds
    }

    test("the codec on its own refuses a kind its dialect does not take, and every kind on a server that takes none") {
        val unsupported = listOf(
            GuidedDecodingDialect.TGI to grammar, GuidedDecodingDialect.TGI to choice,
            GuidedDecodingDialect.LLAMA_CPP to regex, GuidedDecodingDialect.LLAMA_CPP to choice,
        ) + listOf(json, regex, grammar, choice).map { GuidedDecodingDialect.NONE to it }
        for ((dialect, g) in unsupported) {
            val e = shouldThrow<BadRequestException> { body(dialect, g) }
            e.message shouldContain g.kind.label
            e.message shouldContain "guidedDecoding("
        }
    }

    test("TGI refuses guided decoding beside tools, which it rejects") {
        val e = shouldThrow<BadRequestException> { body(GuidedDecodingDialect.TGI, json) { tool(Tool.withoutParameters("now", "the time")) } }
        e.message shouldContain "not both"
        // vLLM takes both.
        ("tools" in body(GuidedDecodingDialect.VLLM, json) { tool(Tool.withoutParameters("now", "the time")) }) shouldBe true
    }

    test("the presets choose their dialect, and the config builder changes it") {
        OpenAiCompatible.VLLM.guidedDecoding shouldBe GuidedDecodingDialect.VLLM
        OpenAiCompatible.TGI.guidedDecoding shouldBe GuidedDecodingDialect.TGI
        OpenAiCompatible.LLAMA_CPP.guidedDecoding shouldBe GuidedDecodingDialect.LLAMA_CPP
        for (p in OpenAiCompatible.entries - setOf(OpenAiCompatible.VLLM, OpenAiCompatible.TGI, OpenAiCompatible.LLAMA_CPP)) {
            p.guidedDecoding shouldBe GuidedDecodingDialect.NONE
        }
        val env = mapOf("HF_TOKEN" to "hf_test_token")
        for (p in OpenAiCompatible.entries) p.config(env::get).build().guidedDecoding shouldBe p.guidedDecoding
        val old = OpenAiCompatible.VLLM.config { null }.guidedDecoding(GuidedDecodingDialect.VLLM_GUIDED).build()
        old.guidedDecoding shouldBe GuidedDecodingDialect.VLLM_GUIDED
        old.newBuilder().build().guidedDecoding shouldBe GuidedDecodingDialect.VLLM_GUIDED
        old.toString() shouldContain "guidedDecoding=VLLM_GUIDED"
        OpenAiConfig.builder().build().guidedDecoding shouldBe GuidedDecodingDialect.NONE
        OpenAiConfig { guidedDecoding = GuidedDecodingDialect.TGI }.guidedDecoding shouldBe GuidedDecodingDialect.TGI
    }

    test("TGI_BASE_URL and LLAMA_CPP_BASE_URL move their servers") {
        OpenAiCompatible.TGI.config(mapOf("TGI_BASE_URL" to "https://x.endpoints.huggingface.cloud/v1/")::get).build().baseUrl shouldBe
            "https://x.endpoints.huggingface.cloud/v1"
        OpenAiCompatible.LLAMA_CPP.config(mapOf("LLAMA_CPP_BASE_URL" to "http://gpu:8081/v1")::get).build().baseUrl shouldBe "http://gpu:8081/v1"
    }
})
