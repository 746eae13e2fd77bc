package dev.switchboard.spi

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlin.random.Random

@OptIn(SwitchboardSpi::class)
class TextAccumulatorTest : FunSpec({
    val pieces = listOf("", " The", " quick", "é", "ü", "日本", "😀", ",", "x".repeat(300), "\u0000", "z")

    fun capacity(a: TextAccumulator): Int {
        val field = TextAccumulator::class.java.getDeclaredField("builder").apply { isAccessible = true }
        return (field.get(a) as StringBuilder).capacity()
    }

    test("random deltas give the text a StringBuilder gives, and never more than a quarter plus 64 characters unused") {
        val random = Random(7)
        repeat(500) {
            val expected = StringBuilder()
            val text = TextAccumulator()
            text.length shouldBe 0
            text.toString() shouldBe ""
            repeat(random.nextInt(0, 400)) {
                val piece = pieces[random.nextInt(pieces.size)]
                expected.append(piece)
                text.append(piece)
                text.length shouldBe expected.length
                capacity(text) shouldBeLessThanOrEqual text.length + text.length / 4 + 64
            }
            text.toString() shouldBe expected.toString()
            if (expected.isNotEmpty()) {
                val i = random.nextInt(expected.length)
                text[i] shouldBe expected[i]
                text.subSequence(0, i).toString() shouldBe expected.substring(0, i)
            }
        }
    }

    test("an accumulator that was never given text shares nothing with another") {
        val a = TextAccumulator()
        val b = TextAccumulator()
        a.append("")
        b.append("b")
        a.toString() shouldBe ""
        a.append("a")
        a.toString() shouldBe "a"
        b.toString() shouldBe "b"
    }
})
