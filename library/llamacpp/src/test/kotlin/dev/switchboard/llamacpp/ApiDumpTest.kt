package dev.switchboard.llamacpp

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-llamacpp is the one committed in `api/switchboard-llamacpp.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-llamacpp.api") {
        ApiDump.check("switchboard-llamacpp")
    }
})
