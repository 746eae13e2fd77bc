package dev.switchboard.llamacpp.internal

import de.kherud.llama.LlamaModel
import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.CreateRequest
import dev.switchboard.GuidedDecoding
import dev.switchboard.ResponseFormat
import dev.switchboard.ToolChoice
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject

/** What a request holds the answer to: a GBNF grammar (or none), and the tool protocol when tools are offered. */
internal class Constraints(val grammar: String?, val tools: ToolConstraint?) {
    companion object {
        fun of(request: CreateRequest, model: String): Constraints {
            val tools = if (request.tools.isNotEmpty() && request.toolChoice != ToolChoice.None) {
                ToolConstraint(request.tools, request.toolChoice, request.parallelToolCalls)
            } else null
            val guided = request.guidedDecoding
            val format = request.responseFormat
            val own = when {
                guided != null -> guidedGrammar(guided, model)
                format is ResponseFormat.JsonSchema -> schemaGrammar(format.schema, "The response format schema '${format.name}'")
                format is ResponseFormat.JsonObjectFormat -> schemaGrammar(buildJsonObject { put("type", JsonPrimitive("object")) }, "A JSON object")
                else -> null
            }
            if (tools != null && own != null) {
                throw BadRequestException(
                    "Tools and a constrained answer (responseFormat or guidedDecoding) both constrain the answer of a local model: " +
                        "send the tools, or the format, or set toolChoice(None)", LlamaCppNames.PROVIDER, 0,
                )
            }
            return Constraints(own ?: tools?.let { schemaGrammar(it.schema, "The tool schema") }, tools)
        }

        private fun guidedGrammar(g: GuidedDecoding, model: String): String = when (g) {
            is GuidedDecoding.Grammar -> g.grammar.also(GbnfCheck::check)
            is GuidedDecoding.JsonSchema -> schemaGrammar(g.schema, "The guided decoding schema")
            is GuidedDecoding.Choice -> "root ::= " + g.choices.joinToString(" | ") { gbnfLiteral(it) }
            is GuidedDecoding.Regex -> throw CapabilityMissingException(
                "llama.cpp does not take ${g.kind.label} for model '$model': use a GBNF grammar (GuidedDecoding.grammar), " +
                    "a JSON schema (a schema's \"pattern\" takes an anchored regular expression) or choices",
                LlamaCppNames.PROVIDER, "guided_decoding",
            )
        }

        private fun schemaGrammar(schema: JsonObject, what: String): String {
            SchemaCheck.check(schema, what)
            return LlamaModel.jsonSchemaToGrammar(schema.toString())
        }

        /** [s] as a GBNF string literal. */
        fun gbnfLiteral(s: String): String = buildString {
            append('"')
            for (c in s) when (c) {
                '"' -> append("\\\"")
                '\\' -> append("\\\\")
                '\n' -> append("\\n")
                '\r' -> append("\\r")
                '\t' -> append("\\t")
                else -> if (c.code < 0x20) append("\\x%02X".format(c.code)) else append(c)
            }
            append('"')
        }
    }
}
