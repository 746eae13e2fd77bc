package dev.switchboard.langchain4j

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-langchain4j is the one committed in `api/switchboard-langchain4j.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-langchain4j.api") {
        ApiDump.check("switchboard-langchain4j")
    }
})
