package dev.switchboard.openai.tokenizer

import dev.switchboard.AssistantMessage
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImageDetail
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.TokenCounter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.awt.image.BufferedImage
import java.io.ByteArrayOutputStream
import javax.imageio.ImageIO

/**
 * Counts checked against the numbers the OpenAI API returned in OpenAI's cookbook ("How to count tokens
 * with tiktoken", sections 6 and 7).
 */
class OpenAiTokenCounterTest : FunSpec({
    val weatherTool = Tool.of(
        "get_current_weather", "Get the current weather in a given location",
        """{"type":"object","properties":{
            "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
            "unit":{"type":"string","description":"The unit of temperature to return","enum":["celsius","fahrenheit"]}},
            "required":["location"]}""",
    )
    val weatherMessages = listOf(
        SystemMessage("You are a helpful assistant that can answer to questions about the weather."),
        UserMessage.of("What's the weather like in San Francisco?"),
    )

    test("messages with a tool: 101 prompt tokens for gpt-4o, 105 for gpt-4 and gpt-3.5-turbo, as the API counted") {
        OpenAiTokenCounter.forModel("gpt-4o").count(weatherMessages, listOf(weatherTool)) shouldBe 101
        OpenAiTokenCounter.forModel("gpt-4o-mini").count(weatherMessages, listOf(weatherTool)) shouldBe 101
        OpenAiTokenCounter.forModel("gpt-4").count(weatherMessages, listOf(weatherTool)) shouldBe 105
        OpenAiTokenCounter.forModel("gpt-3.5-turbo").count(weatherMessages, listOf(weatherTool)) shouldBe 105
    }

    test("messages with names: 124 prompt tokens for gpt-4o, 129 for gpt-4, as the API counted") {
        // The cookbook's example sends named system messages; a named user or assistant message costs the
        // same (every role is one token in both encodings), which is what this library can express.
        val messages = listOf(
            SystemMessage("You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            UserMessage(listOf(TextPart("New synergies will help drive top-line growth.")), name = "example_user"),
            AssistantMessage("Things working well together will increase revenue.", name = "example_assistant"),
            UserMessage(
                listOf(TextPart("Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.")),
                name = "example_user",
            ),
            AssistantMessage("Let's talk later when we're less busy about how to do better.", name = "example_assistant"),
            UserMessage.of("This late pivot means we don't have time to boil the ocean for the client deliverable."),
        )
        OpenAiTokenCounter.o200k().count(messages, emptyList()) shouldBe 124
        OpenAiTokenCounter.cl100k().count(messages, emptyList()) shouldBe 129
    }

    test("tool calls and tool results are counted") {
        val c = OpenAiTokenCounter.o200k()
        val call = FunctionCall("call_1", "get_current_weather", """{"location":"Paris"}""")
        val withCall = weatherMessages + AssistantMessage.ofToolCalls(listOf(call))
        c.count(withCall, emptyList()) shouldBe c.count(weatherMessages, emptyList()) +
            3 + c.countText("assistant") + c.countText(call.name) + c.countText(call.arguments) + 3
        val withResult = withCall + ToolResultMessage.of(FunctionExecutionResult.of("call_1", "get_current_weather", "18 degrees"))
        c.count(withResult, emptyList()) shouldBe c.count(withCall, emptyList()) + 3 + c.countText("tool") + c.countText("18 degrees")
    }

    test("special-token text is counted as ordinary text, not rejected") {
        (OpenAiTokenCounter.o200k().countText("<|endoftext|>") > 1) shouldBe true
    }

    test("images follow the tile formula; sizes are read from inline PNG, JPEG and GIF data") {
        fun bytes(format: String, w: Int, h: Int): ByteArray = ByteArrayOutputStream().also {
            ImageIO.write(BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, it)
        }.toByteArray()
        ImageTokens.dimensions(bytes("png", 640, 480)) shouldBe (640 to 480)
        ImageTokens.dimensions(bytes("jpg", 1000, 300)) shouldBe (1000 to 300)
        ImageTokens.dimensions(bytes("gif", 33, 77)) shouldBe (33 to 77)
        ImageTokens.dimensions(byteArrayOf(1, 2, 3)) shouldBe null

        // OpenAI's documented examples: 1024×1024 is 765 tokens, 2048×4096 is 1105; low detail is 85.
        ImageTokens.tiles(1024, 1024) shouldBe 765
        ImageTokens.tiles(2048, 4096) shouldBe 1105
        ImageTokens.tiles(512, 512) shouldBe 255
        ImageTokens.estimate(Image.fromBytes(bytes("png", 4096, 2048), "image/png")) shouldBe 1105
        ImageTokens.estimate(Image.fromBytes(bytes("png", 4096, 2048), "image/png", ImageDetail.LOW)) shouldBe 85
        ImageTokens.estimate(Image.fromUrl("https://example.com/x.png")) shouldBe 765

        val c = OpenAiTokenCounter.o200k()
        val text = listOf(UserMessage.of("Describe"))
        val withImage = listOf(UserMessage.of(TextPart("Describe"), ImagePart(Image.fromBytes(bytes("png", 512, 512), "image/png"))))
        c.count(withImage, emptyList()) shouldBe c.count(text, emptyList()) + 255
    }

    test("non-OpenAI families get the estimate; OpenAI families their encoding") {
        OpenAiTokenCounter.forFamily(ModelFamily.LLAMA) shouldBe TokenCounter.ESTIMATE
        OpenAiTokenCounter.forFamily(ModelFamily.O3) shouldBe OpenAiTokenCounter.o200k()
        OpenAiTokenCounter.forFamily(ModelFamily.GPT_5) shouldBe OpenAiTokenCounter.o200k()
        OpenAiTokenCounter.forFamily(ModelFamily.GPT_35) shouldBe OpenAiTokenCounter.cl100k()
        OpenAiTokenCounter.o200k().countText("hello world") shouldBe 2
    }
})
