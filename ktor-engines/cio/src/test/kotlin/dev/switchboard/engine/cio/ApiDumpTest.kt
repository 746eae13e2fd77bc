package dev.switchboard.engine.cio

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-engine-cio is the one committed in `api/switchboard-engine-cio.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-engine-cio.api") {
        ApiDump.check("switchboard-engine-cio")
    }
})
