package dev.switchboard.bedrock

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-bedrock is the one committed in `api/switchboard-bedrock.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-bedrock.api") {
        ApiDump.check("switchboard-bedrock")
    }
})
