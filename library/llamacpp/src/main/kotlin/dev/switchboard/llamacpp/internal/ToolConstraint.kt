package dev.switchboard.llamacpp.internal

import dev.switchboard.FunctionCall
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.util.concurrent.atomic.AtomicLong

/**
 * Tool calls through constrained JSON, for models whose own tool-call format this client does not read: the tools are
 * described in the system prompt, and the answer is held (by a grammar made from a JSON schema) to either
 * `{"tool_calls": [{"name": …, "arguments": {…}}]}` or, when the model may choose ([ToolChoice.Auto]),
 * `{"content": "…"}`. Each call's arguments are held to its tool's parameter schema.
 */
internal class ToolConstraint(private val tools: List<Tool>, choice: ToolChoice?, parallel: Boolean?) {
    private val only: List<Tool> = if (choice is ToolChoice.Named) tools.filter { it.name == choice.name } else tools
    private val mayAnswer: Boolean = choice == null || choice == ToolChoice.Auto
    private val single: Boolean = parallel == false

    val schema: JsonObject = run {
        val calls = buildJsonObject {
            put("type", "object")
            put("properties", buildJsonObject {
                put("tool_calls", buildJsonObject {
                    put("type", "array")
                    put("minItems", 1)
                    if (single) put("maxItems", 1)
                    put("items", buildJsonObject {
                        put("oneOf", buildJsonArray {
                            for (t in only) add(buildJsonObject {
                                put("type", "object")
                                put("properties", buildJsonObject {
                                    put("name", buildJsonObject { put("const", t.name) })
                                    put("arguments", t.parameters)
                                })
                                put("required", buildJsonArray { add(JsonPrimitive("name")); add(JsonPrimitive("arguments")) })
                                put("additionalProperties", false)
                            })
                        })
                    })
                })
            })
            put("required", buildJsonArray { add(JsonPrimitive("tool_calls")) })
            put("additionalProperties", false)
        }
        if (!mayAnswer) calls else buildJsonObject {
            put("oneOf", buildJsonArray {
                add(calls)
                add(buildJsonObject {
                    put("type", "object")
                    put("properties", buildJsonObject { put("content", buildJsonObject { put("type", "string") }) })
                    put("required", buildJsonArray { add(JsonPrimitive("content")) })
                    put("additionalProperties", false)
                })
            })
        }
    }

    val instructions: String = buildString {
        append("You can call tools. To call ")
        append(if (single) "a tool" else "tools")
        append(", answer with only this JSON: {\"tool_calls\": [{\"name\": \"<tool name>\", \"arguments\": {<arguments>}}]}")
        if (mayAnswer) append(". To answer without a tool, answer with only {\"content\": \"<your answer>\"}")
        else append(". You must call ").append(if (only.size == 1) "the tool ${only[0].name}" else "at least one tool")
        append(".\nTools:")
        for (t in only) {
            append("\n- ").append(t.name)
            t.description?.let { append(": ").append(it) }
            append("\n  arguments schema: ").append(t.parameters.toString())
        }
    }

    /** The answer read back: tool calls, or the text of `{"content": …}`; null when [text] is not such JSON. */
    fun parse(text: String): Parsed? {
        val root = try { Json.parseToJsonElement(text).jsonObject } catch (_: IllegalArgumentException) { return null }
        root["content"]?.let { c -> return Parsed(c.jsonPrimitive.content, emptyList()) }
        val calls = try { root["tool_calls"]?.jsonArray } catch (_: IllegalArgumentException) { null } ?: return null
        return Parsed(null, calls.map { call ->
            val o = call.jsonObject
            FunctionCall("call_" + ids.incrementAndGet().toString(36), o.getValue("name").jsonPrimitive.content, o.getValue("arguments").toString())
        })
    }

    /** The result of [parse]. */
    class Parsed(val content: String?, val calls: List<FunctionCall>)

    companion object {
        private val ids = AtomicLong(System.nanoTime() and 0xFFFFFFFL)

        /** [calls] as the JSON the model was held to, for a past assistant turn in the prompt. */
        fun renderCalls(calls: List<FunctionCall>): String = buildJsonObject {
            put("tool_calls", JsonArray(calls.map { c ->
                buildJsonObject {
                    put("name", c.name)
                    put("arguments", try { Json.parseToJsonElement(c.arguments) } catch (_: IllegalArgumentException) { JsonPrimitive(c.arguments) })
                }
            }))
        }.toString()
    }
}
