package dev.switchboard.springai

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-spring-ai is the one committed in `api/switchboard-spring-ai.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-spring-ai.api") {
        ApiDump.check("switchboard-spring-ai")
    }
})
