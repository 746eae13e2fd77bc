package dev.switchboard.http

import dev.switchboard.internal.http.Failures
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.io.IOException
import java.net.ConnectException

class FailuresTest : FunSpec({
    val key = "q7" + "Zx9Lm2Vw4Np8Kt"

    test("a cause chain without secrets is kept as it is") {
        val e = IOException("broken pipe", ConnectException("Connection refused"))
        Failures.redacted(e) shouldBeSameInstanceAs e
        Failures.redacted(null) shouldBe null
    }

    test("a cause chain quoting a key is replaced by a redacted copy with the same classes named and stack traces") {
        val inner = IllegalStateException("timeout [url=https://x.test/v1?key=$key]")
        val outer = IOException("call failed", inner)
        val copy = Failures.redacted(outer)!!
        copy.stackTraceToString() shouldNotContain key
        copy.toString() shouldBe "java.io.IOException: call failed"
        copy.cause!!.toString() shouldContain "java.lang.IllegalStateException: timeout [url=https://x.test/v1?key=***]"
        copy.stackTrace.toList() shouldBe outer.stackTrace.toList()
        copy.cause!!.stackTrace.toList() shouldBe inner.stackTrace.toList()
    }
})
