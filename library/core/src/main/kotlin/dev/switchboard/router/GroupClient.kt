package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import kotlinx.coroutines.flow.Flow

/** The client of one group of a router ([Router.group]): its calls routed over the group's deployments. */
internal class GroupClient(private val core: RouterCore, private val group: GroupState) : ChatCompletionClient {
    override val model: String get() = group.name
    override val modelInfo: ModelInfo get() = core.modelInfo(group)
    override val provider: String get() = GroupState.PROVIDER
    override val endpoint: String? get() = null
    override val totalUsage: RequestUsage get() = core.usage(listOf(group), actual = false)
    override val actualUsage: RequestUsage get() = core.usage(listOf(group), actual = true)

    override suspend fun create(request: CreateRequest): CreateResult = core.create(group, request)

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = core.stream(group, request)

    /** Counted by the group's first deployment. */
    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int =
        group.deployments[0].client.countTokens(messages, tools)

    /** Closes nothing: the router owns the deployments (close the [Router]). */
    override fun close() = Unit

    override fun toString(): String = "router(${group.name}: ${group.deployments.joinToString { it.name }})"
}
