package dev.switchboard.mistral

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-mistral is the one committed in `api/switchboard-mistral.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-mistral.api") {
        ApiDump.check("switchboard-mistral")
    }
})
