package dev.switchboard.spi

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.close
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.io.IOException

/** [BodySource.of]: a Ktor channel read as a body source, to its end or its failure. */
class BodySourceTest : FunSpec({
    test("a channel's bytes are read as they arrive, then the end") {
        coroutineScope {
            val channel = ByteChannel()
            val source = BodySource.of(channel)
            val read = async {
                val out = java.io.ByteArrayOutputStream()
                val buf = ByteArray(7)
                while (true) {
                    val n = source.read(buf, 1, 6)
                    if (n < 0) break
                    out.write(buf, 1, n)
                }
                out.toString(Charsets.UTF_8)
            }
            launch {
                for (part in listOf("hello ", "wide ", "world")) {
                    channel.writeFully(part.toByteArray())
                    channel.flush()
                    delay(5)
                }
                channel.close()
            }
            read.await() shouldBe "hello wide world"
            source.available shouldBe 0
            source.awaitContent() shouldBe false
        }
    }

    test("what arrived is available without waiting") {
        val source = BodySource.of(ByteReadChannel("abc".toByteArray()))
        source.available shouldBe 3
        source.awaitContent() shouldBe true
        val buf = ByteArray(10)
        source.read(buf, 0, 10) shouldBe 3
        source.read(buf, 0, 10) shouldBe -1
    }

    test("a broken channel's failure is thrown, by read and by awaitContent") {
        val failure = IOException("connection reset")
        val channel = ByteChannel()
        channel.writeFully("ab".toByteArray())
        channel.flush()
        channel.close(failure)
        val source = BodySource.of(channel)
        shouldThrow<IOException> { source.read(ByteArray(4), 0, 4) }.rootCause() shouldBeSameInstanceAs failure
        shouldThrow<IOException> { source.awaitContent() }.rootCause() shouldBeSameInstanceAs failure
    }
})

private fun Throwable.rootCause(): Throwable = generateSequence(this) { it.cause?.takeIf { c -> c !== it } }.last()
