package dev.switchboard

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class ContentFilterResultTest : FunSpec({
    val hate = ContentFilterResult("hate", filtered = false, severity = "safe")
    val sexual = ContentFilterResult("sexual", filtered = true, severity = "medium")
    val jailbreak = ContentFilterResult("jailbreak", filtered = true, detected = true)

    test("a result reports the first choice's content filter and keeps the prompt filter; both default to empty") {
        val choice = Choice(0, FinishReason.CONTENT_FILTER, "content_filter", null, contentFilter = listOf(sexual))
        val result = CreateResult(listOf(choice), RequestUsage.ZERO, promptFilter = listOf(hate))
        result.contentFilter shouldBe listOf(sexual)
        result.promptFilter shouldBe listOf(hate)
        result.asCached().promptFilter shouldBe listOf(hate)
        CreateResult.ofText("x", FinishReason.STOP, RequestUsage.ZERO).contentFilter shouldBe emptyList()
        CreateResult.ofText("x", FinishReason.STOP, RequestUsage.ZERO).promptFilter shouldBe emptyList()
    }

    test("a ContentFilterException names the categories that filtered, and is not retryable") {
        val e = ContentFilterException("filtered", "azure-openai", results = listOf(hate, sexual, jailbreak))
        e.filteredCategories shouldBe listOf("sexual", "jailbreak")
        e.statusCode shouldBe 400
        e.isRetryable shouldBe false
    }
})
