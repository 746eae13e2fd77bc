package dev.switchboard.ollama

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-ollama is the one committed in `api/switchboard-ollama.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-ollama.api") {
        ApiDump.check("switchboard-ollama")
    }
})
