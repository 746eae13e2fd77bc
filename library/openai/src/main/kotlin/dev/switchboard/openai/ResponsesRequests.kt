@file:JvmName("ResponsesRequests")

package dev.switchboard.openai

import dev.switchboard.CreateRequest
import kotlinx.serialization.json.JsonPrimitive

/**
 * Continues from the stored response [responseId] (a [dev.switchboard.CreateResult.id] of the Responses API): sent as
 * `previous_response_id`, so that the request's messages need hold only what is new (OpenAI keeps the earlier turns,
 * instructions excepted). Needs the earlier response stored (`store` not false). For the Responses API only; from
 * Java, `ResponsesRequests.previousResponseId(builder, id)`.
 *
 * @throws IllegalArgumentException when [responseId] is blank.
 */
public fun CreateRequest.Builder.previousResponseId(responseId: String): CreateRequest.Builder {
    require(responseId.isNotBlank()) { "The previous response id must not be blank" }
    return extraBody("previous_response_id", JsonPrimitive(responseId.trim()))
}

/**
 * Sets the Responses API's `store` for this request, overriding [OpenAiConfig.store]: false keeps OpenAI from
 * storing the response (reasoning then comes back encrypted, and is sent back so on the next turn). For the
 * Responses API only; from Java, `ResponsesRequests.store(builder, false)`.
 */
public fun CreateRequest.Builder.store(value: Boolean): CreateRequest.Builder = extraBody("store", JsonPrimitive(value))
