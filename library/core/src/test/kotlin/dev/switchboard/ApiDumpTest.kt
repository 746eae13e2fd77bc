package dev.switchboard

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-core is the one committed in `api/switchboard-core.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-core.api") {
        ApiDump.check("switchboard-core")
    }
})
