package dev.switchboard

import dev.switchboard.internal.wire.WireCreateResult
import dev.switchboard.internal.wire.WireJson
import dev.switchboard.internal.wire.toModel
import dev.switchboard.internal.wire.toWire
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain

class CitationTest : FunSpec({
    val source = CitationSource("doc:0", "document", "benefits.txt", "AI provides: 1. Automation of tasks")
    val citation = Citation(21, 40, "automation of tasks", listOf(source), "TEXT_CONTENT")
    val choice = Choice.builder().content("The key benefits are automation of tasks.").citations(listOf(citation)).build()
    val result = CreateResult(listOf(choice), RequestUsage(3, 4))

    test("a result reports the first choice's citations; they default to empty and take part in equality") {
        result.citations shouldBe listOf(citation)
        CreateResult.ofText("x", FinishReason.STOP, RequestUsage.ZERO).citations shouldBe emptyList()
        choice shouldNotBe choice.newBuilder().citations(emptyList()).build()
        choice.newBuilder().build() shouldBe choice
        result.asCached().citations shouldBe listOf(citation)
        choice.toString() shouldContain "automation of tasks"
    }

    test("citations survive the file format that caches and replays results") {
        val json = WireJson.encodeToString(WireCreateResult.serializer(), result.toWire())
        WireJson.decodeFromString(WireCreateResult.serializer(), json).toModel() shouldBe result
        // A file written before citations existed still reads, with none.
        val old = WireJson.encodeToString(WireCreateResult.serializer(), CreateResult.ofText("x", FinishReason.STOP, RequestUsage.ZERO).toWire())
        WireJson.decodeFromString(WireCreateResult.serializer(), old).toModel().citations shouldBe emptyList()
    }
})
