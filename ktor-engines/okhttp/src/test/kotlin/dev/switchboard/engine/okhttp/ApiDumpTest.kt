package dev.switchboard.engine.okhttp

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-engine-okhttp is the one committed in `api/switchboard-engine-okhttp.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-engine-okhttp.api") {
        ApiDump.check("switchboard-engine-okhttp")
    }
})
