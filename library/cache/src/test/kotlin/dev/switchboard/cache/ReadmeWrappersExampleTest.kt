package dev.switchboard.cache

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.events.logged
import dev.switchboard.readme.ReadmeText
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList
import java.time.Duration

// README.md "Wrappers in Kotlin" begins
fun cachedAndLogged(provider: ChatCompletionClient, store: CacheStore): ChatCompletionClient =
    provider
        .cached(ChatCompletionCache.builder(store).ttl(Duration.ofDays(7)).coalesce(true).build())
        .logged()
// README.md "Wrappers in Kotlin" ends

/** README.md's Kotlin stack of wrappers, run over a scripted provider and checked to be the README's text. */
class ReadmeWrappersExampleTest : FunSpec({
    test("the README's stack answers the second call and the stream from the cache") {
        val provider = ScriptedClient()
        val client = cachedAndLogged(provider, MemoryCacheStore.create())
        val hi = CreateRequest.of(UserMessage.of("Hi"))
        client.create(hi).cached shouldBe false
        client.create(hi).cached shouldBe true
        (client.createStream(hi).toList().last() as ChatStreamEvent.Completed).result.cached shouldBe true
        provider.calls.get() shouldBe 1
    }

    test("the example here is the README's") {
        ReadmeText.kotlinBlock("Wrappers in Kotlin") shouldBe
            ReadmeText.marked("library/cache/src/test/kotlin/dev/switchboard/cache/ReadmeWrappersExampleTest.kt", "Wrappers in Kotlin")
    }
})
