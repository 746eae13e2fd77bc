package dev.switchboard.readme

import dev.switchboard.*
import dev.switchboard.openai.LoopbackOpenAiServer
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.Serializable
import kotlinx.serialization.builtins.serializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import kotlin.time.Duration.Companion.seconds

// README.md "Typed tools" class begins
@Serializable
data class Weather(val city: String, @Description("celsius or fahrenheit") val unit: String? = null)
// README.md "Typed tools" class ends

/**
 * The Kotlin examples of README.md, sections "Kotlin configuration DSL" and "Typed tools", run as they are
 * (the typed-tools one against a loopback server that calls the tool twice, once with arguments that do not
 * fit), and checked to be the README's text line for line.
 */
class ReadmeKotlinDslExampleTest : FunSpec({
    test("the configuration DSL example builds the configuration it says") {
        // README.md "Kotlin configuration DSL" begins
        val config = OpenAiConfig {
            apiKey = System.getenv("PROXY_API_KEY")   // null or blank: no Authorization header
            baseUrl = "https://llm-proxy.example.com/v1"
            httpOptions { maxRetries = 0; requestTimeout = 30.seconds }
        }
        OpenAiChatCompletionClient.create("gpt-4o-mini", config).use { client -> /* … */ }
        // README.md "Kotlin configuration DSL" ends
        config.baseUrl shouldBe "https://llm-proxy.example.com/v1"
        config.httpOptions.maxRetries shouldBe 0
        config.httpOptions.requestTimeout shouldBe java.time.Duration.ofSeconds(30)
    }

    test("the typed-tools example answers every call, fitting or not") {
        fun call(id: String, arguments: String) =
            """{"id":"$id","type":"function","function":{"name":"get_weather","arguments":${Json.encodeToString(String.serializer(), arguments)}}}"""
        val calls = """{"id":"chatcmpl-k1","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":""" +
            """{"role":"assistant","content":null,"tool_calls":[${call("call_ok", """{"city":"Oslo","unit":null}""")},""" +
            """${call("call_bad", """{"town":"Oslo"}""")}]},"finish_reason":"tool_calls"}],""" +
            """"usage":{"prompt_tokens":30,"completion_tokens":20,"total_tokens":50}}"""
        val text = """{"id":"chatcmpl-k2","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":""" +
            """{"role":"assistant","content":"It is 12 °C in Oslo."},"finish_reason":"stop"}],""" +
            """"usage":{"prompt_tokens":60,"completion_tokens":8,"total_tokens":68}}"""
        LoopbackOpenAiServer().use { server ->
            server.respond { call, body ->
                val answered = body["messages"]!!.jsonArray.any { it.jsonObject["role"]?.jsonPrimitive?.content == "tool" }
                LoopbackOpenAiServer.json(call, if (answered) text else calls)
            }
            val loopback = OpenAiConfig.builder().apiKey("sk-readme-0123456789abcdef").baseUrl(server.baseUrl).build()
            val out = ByteArrayOutputStream()
            val original = System.out
            System.setOut(PrintStream(out, true, Charsets.UTF_8))
            try {
                OpenAiChatCompletionClient.create("gpt-4o-mini", loopback).use { client ->
                    // README.md "Typed tools" code begins
                    val weather = Tool.of<Weather>("get_weather", "The current weather in a city")   // strict schema from the class
                    val ask = createRequest { user("Weather in Oslo?"); tool(weather) }
                    val result = client.create(ask)
                    val answers = result.toolCalls.map { call ->
                        try {
                            val args = call.arguments<Weather>()
                            FunctionExecutionResult.of(call.id, call.name, "12 °C in ${args.city}")
                        } catch (e: ToolArgumentsException) {                  // the model's arguments do not fit Weather
                            FunctionExecutionResult.error(call.id, call.name, e.message!!)
                        }
                    }
                    val next = ask.newBuilder().message(result.toAssistantMessage()).message(ToolResultMessage(answers)).build()
                    println(client.create(next).content)
                    // README.md "Typed tools" code ends
                }
            } finally {
                System.setOut(original)
            }
            out.toString(Charsets.UTF_8).lines().filter { it.isNotEmpty() } shouldBe listOf("It is 12 °C in Oslo.")
            val (first, second) = server.seen.map { it.body }
            val function = first["tools"]!!.jsonArray.single().jsonObject["function"]!!.jsonObject
            function["parameters"] shouldBe JsonSchemas.of(Weather.serializer().descriptor)
            val messages = second["messages"]!!.jsonArray.map { it.jsonObject }
            messages[messages.size - 2]["content"]!!.jsonPrimitive.content shouldBe "12 °C in Oslo"
            messages.last()["tool_call_id"]!!.jsonPrimitive.content shouldBe "call_bad"
            messages.last()["content"]!!.jsonPrimitive.content shouldContain "tool 'get_weather'"
        }
    }

    test("the examples here are the README's") {
        val root = File(System.getProperty("switchboard.repoRoot") ?: "../..")
        val readme = File(root, "README.md").readLines()
        val source = File(root, "library/openai/src/test/kotlin/dev/switchboard/readme/ReadmeKotlinDslExampleTest.kt").readLines()
        fun block(heading: String): List<String> {
            val at = readme.indexOf(heading)
            val open = readme.withIndex().first { (i, line) -> i > at && line == "```kotlin" }.index
            val close = readme.withIndex().first { (i, line) -> i > open && line == "```" }.index
            return readme.subList(open + 1, close)
        }
        fun here(name: String) = dedent(source.subList(
            source.indexOfFirst { it.trim() == "// README.md \"$name begins" } + 1,
            source.indexOfFirst { it.trim() == "// README.md \"$name ends" },
        ))
        dedent(block("### Kotlin configuration DSL")) shouldBe here("Kotlin configuration DSL\"")
        dedent(block("### Typed tools")) shouldBe here("Typed tools\" class") + "" + here("Typed tools\" code")
    }
})

private fun dedent(lines: List<String>): List<String> {
    val indent = lines.filter { it.isNotBlank() }.minOf { it.length - it.trimStart().length }
    return lines.map { if (it.isBlank()) "" else it.substring(indent).trimEnd() }.dropLastWhile { it.isEmpty() }
}
