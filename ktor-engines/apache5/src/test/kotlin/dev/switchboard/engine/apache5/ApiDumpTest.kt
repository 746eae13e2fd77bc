package dev.switchboard.engine.apache5

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-engine-apache5 is the one committed in `api/switchboard-engine-apache5.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-engine-apache5.api") {
        ApiDump.check("switchboard-engine-apache5")
    }
})
