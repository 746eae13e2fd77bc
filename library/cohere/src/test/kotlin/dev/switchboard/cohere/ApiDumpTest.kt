package dev.switchboard.cohere

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-cohere is the one committed in `api/switchboard-cohere.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-cohere.api") {
        ApiDump.check("switchboard-cohere")
    }
})
