package dev.switchboard.gemini

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-gemini is the one committed in `api/switchboard-gemini.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-gemini.api") {
        ApiDump.check("switchboard-gemini")
    }
})
