package dev.switchboard.openai

import dev.switchboard.AuthenticationException
import dev.switchboard.ContentFilterException
import dev.switchboard.ContentFilterResult
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json

/** Azure's content filter annotations read offline: the recorded stream, odd shapes, merging, and the error. */
class ContentFiltersTest : FunSpec({
    test("the recorded Azure stream: the prompt filter of its first chunk and the choice's filter merged over its chunks") {
        val d = Fixtures.decode(Fixtures.frames("azure-model-router.1.chunks.txt"), provider = "azure-openai")
        d.result.promptFilter shouldBe listOf(
            ContentFilterResult("hate", false, "safe"),
            ContentFilterResult("jailbreak", false, null, false),
            ContentFilterResult("self_harm", false, "safe"),
            ContentFilterResult("sexual", false, "safe"),
            ContentFilterResult("violence", false, "safe"),
        )
        d.result.contentFilter shouldBe listOf(
            ContentFilterResult("hate", false, "safe"),
            ContentFilterResult("self_harm", false, "safe"),
            ContentFilterResult("sexual", false, "safe"),
            ContentFilterResult("violence", false, "safe"),
        )
    }

    test("OpenAI's own streams carry no filter results") {
        val d = Fixtures.decode(Fixtures.frames("openai-text.chunks.txt"))
        d.result.promptFilter shouldBe emptyList()
        d.result.contentFilter shouldBe emptyList()
    }

    test("protected material, custom blocklists (object and older array form) and an error entry") {
        val json = Json.parseToJsonElement(
            """{"protected_material_code":{"filtered":false,"detected":true,"citation":{"URL":"https://github.com/x","license":"MIT"}},
               "custom_blocklists":[{"filtered":false,"id":"a"},{"filtered":true,"id":"b"}],
               "profanity":{"filtered":false,"detected":false},
               "error":{"code":"content_filter_error","message":"The contents are not filtered"},
               "weird":{"filtered":"yes"}, "list":[], "n":3}""",
        )
        ContentFilters.categories(json) shouldBe listOf(
            ContentFilterResult("protected_material_code", false, null, true),
            ContentFilterResult("custom_blocklists", true),
            ContentFilterResult("profanity", false, null, false),
        )
        ContentFilters.categories(Json.parseToJsonElement("""{"custom_blocklists":{"filtered":true,"details":[{"filtered":true,"id":"x"}]}}""")) shouldBe
            listOf(ContentFilterResult("custom_blocklists", true))
        ContentFilters.categories(Json.parseToJsonElement("[1,2]")) shouldBe emptyList()
        ContentFilters.prompt(Json.parseToJsonElement("""{"not":"an array"}""")) shouldBe emptyList()
    }

    test("merging keeps first-seen order, any filtered or detected, and the most severe level") {
        val m = ContentFilters.Merged()
        m.add(listOf(ContentFilterResult("violence", false, "low"), ContentFilterResult("hate", false, "safe")))
        m.add(listOf(ContentFilterResult("violence", false, "medium"), ContentFilterResult("jailbreak", false, null, true)))
        m.add(listOf(ContentFilterResult("violence", true, "safe"), ContentFilterResult("hate", false, null)))
        m.toList() shouldBe listOf(
            ContentFilterResult("violence", true, "medium"),
            ContentFilterResult("hate", false, "safe"),
            ContentFilterResult("jailbreak", false, null, true),
        )
    }

    test("the content_filter error: categories from innererror, whatever the status; other codes are left alone") {
        val body = """{"error":{"message":"The prompt was filtered.","code":"content_filter","param":"prompt","status":400,
            "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"jailbreak":{"filtered":true,"detected":true},"hate":{"filtered":false,"severity":"safe"}}}}}"""
        val e = OpenAiErrors.decode("azure-openai", 400, { null }, body)
        e.shouldBeInstanceOf<ContentFilterException>()
        e.filteredCategories shouldBe listOf("jailbreak")
        e.message!! shouldContain "filtered: jailbreak (detected)"
        val bare = OpenAiErrors.decode("azure-openai", 400, { null }, """{"error":{"message":"filtered","code":"content_filter"}}""")
        bare.shouldBeInstanceOf<ContentFilterException>()
        bare.message!! shouldContain "no category given"
        OpenAiErrors.decode("azure-openai", 401, { null }, """{"error":{"message":"bad key","code":"401"}}""")
            .shouldBeInstanceOf<AuthenticationException>()
    }
})
