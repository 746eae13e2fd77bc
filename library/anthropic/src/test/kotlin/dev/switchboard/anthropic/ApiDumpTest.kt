package dev.switchboard.anthropic

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-anthropic is the one committed in `api/switchboard-anthropic.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-anthropic.api") {
        ApiDump.check("switchboard-anthropic")
    }
})
