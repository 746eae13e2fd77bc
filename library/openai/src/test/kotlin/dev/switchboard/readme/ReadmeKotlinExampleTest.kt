package dev.switchboard.readme

import dev.switchboard.*
import dev.switchboard.openai.LoopbackOpenAiServer
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream

@Serializable
data class City(val name: String, val country: String, val population: Int)

/** [block]'s output to [System.out], line by line. */
private inline fun printedBy(block: () -> Unit): List<String> {
    val original = System.out
    val captured = ByteArrayOutputStream()
    System.setOut(PrintStream(captured, true, Charsets.UTF_8))
    try {
        block()
    } finally {
        System.setOut(original)
    }
    return captured.toString(Charsets.UTF_8).lines().dropLastWhile { it.isEmpty() }
}

/**
 * The Kotlin example of README.md, section "Kotlin", run against a loopback server that speaks the OpenAI
 * Chat Completions API. It sits in a package of its own so that it compiles with the README's imports; the
 * second test checks that it is the README's text, line for line, except that the client is pointed at the
 * loopback server instead of reading `OPENAI_API_KEY`.
 */
class ReadmeKotlinExampleTest : FunSpec({
    val begin = "// README.md \"Kotlin\" begins"
    val end = "// README.md \"Kotlin\" ends"
    val readmeFirstLine = "OpenAiChatCompletionClient.fromEnvironment(\"gpt-4o-mini\").use { client ->   // key from OPENAI_API_KEY"
    val testFirstLine = "OpenAiChatCompletionClient.create(\"gpt-4o-mini\", loopbackConfig).use { client ->"

    test("the README's Kotlin example runs and prints what the server answered") {
        LoopbackOpenAiServer().use { server ->
            server.respond { call, body ->
                when {
                    body["stream"] == JsonPrimitive(true) -> LoopbackOpenAiServer.sse(
                        call,
                        listOf(
                            """{"choices":[{"index":0,"delta":{"role":"assistant","content":"Tokens drift,"}}]}""",
                            """{"choices":[{"index":0,"delta":{"content":" one by one."},"finish_reason":"stop"}]}""",
                            """{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":6}}""",
                        ),
                    )
                    "response_format" in body -> LoopbackOpenAiServer.json(
                        call,
                        """{"choices":[{"index":0,"message":{"content":"{\"name\":\"Tokyo\",\"country\":\"Japan\",\"population\":14000000}"},"finish_reason":"stop"}]}""",
                    )
                    else -> LoopbackOpenAiServer.json(
                        call,
                        """{"choices":[{"index":0,"message":{"content":"Java, Kotlin and Scala."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":4}}""",
                    )
                }
            }
            val loopbackConfig = OpenAiConfig.builder().apiKey("sk-readme-0123456789abcdef").baseUrl(server.baseUrl).build()

            val printed = printedBy {
                // README.md "Kotlin" begins
                OpenAiChatCompletionClient.create("gpt-4o-mini", loopbackConfig).use { client ->
                    val result = client.create(createRequest {
                        system("You are a concise assistant.")
                        user("Name three JVM languages.")
                        maxTokens(200)
                    })
                    println(result.content)

                    client.createStream(createRequest { user("Write a haiku.") }).collect { event ->
                        when (event) {
                            is ChatStreamEvent.TextDelta -> print(event.text)
                            is ChatStreamEvent.Completed -> println("\n${event.result.usage}")
                            else -> Unit // thought deltas, tool-call start/delta/end
                        }
                    }

                    val city = client.create(createRequest {
                        user("The largest city in Japan")
                        structuredOutput<City>()          // strict JSON schema from the @Serializable class
                    }).parse<City>()
                    println(city)
                }
                // README.md "Kotlin" ends
            }

            printed shouldBe listOf(
                "Java, Kotlin and Scala.",
                "Tokens drift, one by one.",
                RequestUsage(5, 6).toString(),
                "City(name=Tokyo, country=Japan, population=14000000)",
            )
            val (first, stream, structured) = server.seen.map { it.body }
            first shouldBe Json.parseToJsonElement(
                """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},
                {"role":"user","content":"Name three JVM languages."}],"max_tokens":200}""",
            )
            stream["stream"] shouldBe JsonPrimitive(true)
            val schema = structured["response_format"]!!.jsonObject["json_schema"]!!.jsonObject
            schema["name"] shouldBe JsonPrimitive("City")
            schema["strict"] shouldBe JsonPrimitive(true)
            schema["schema"]!!.jsonObject["properties"]!!.jsonObject.keys.toList() shouldBe listOf("name", "country", "population")
        }
    }

    test("the example here is the README's") {
        val root = File(System.getProperty("switchboard.repoRoot") ?: "../..")
        val readme = File(root, "README.md").readLines()
        val source = File(root, "library/openai/src/test/kotlin/dev/switchboard/readme/ReadmeKotlinExampleTest.kt").readLines()

        val heading = readme.indexOf("## Kotlin")
        val open = readme.withIndex().first { (i, line) -> i > heading && line == "```kotlin" }.index
        val close = readme.withIndex().first { (i, line) -> i > open && line == "```" }.index
        val block = readme.subList(open + 1, close)
        val main = block.indexOf("suspend fun main() {")
        // Imports and declarations before main() are in this file as they are.
        for (line in block.subList(0, main).filter { it.isNotBlank() }) {
            io.kotest.assertions.withClue("the README line \"$line\" is not in this file") { (line in source) shouldBe true }
        }
        val example = dedent(block.subList(main + 1, block.lastIndexOf("}")))
        val here = dedent(source.subList(source.indexOfFirst { it.trim() == begin } + 1, source.indexOfFirst { it.trim() == end }))

        example.first() shouldBe readmeFirstLine
        here.first() shouldBe testFirstLine
        for (i in 1 until minOf(example.size, here.size)) {
            io.kotest.assertions.withClue("line ${i + 1} of the README's Kotlin example differs from this test's code") {
                here[i] shouldBe example[i]
            }
        }
        here.size shouldBe example.size
    }
})

/** [lines] without their common indentation and trailing blanks. */
private fun dedent(lines: List<String>): List<String> {
    val indent = lines.filter { it.isNotBlank() }.minOf { it.length - it.trimStart().length }
    return lines.map { if (it.isBlank()) "" else it.substring(indent).trimEnd() }.dropLastWhile { it.isEmpty() }
}
