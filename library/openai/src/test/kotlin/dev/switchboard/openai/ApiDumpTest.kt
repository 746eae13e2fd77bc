package dev.switchboard.openai

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-openai is the one committed in `api/switchboard-openai.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-openai.api") {
        ApiDump.check("switchboard-openai")
    }
})
