package dev.switchboard.azure.inference

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-azure-ai-inference is the one committed in `api/switchboard-azure-ai-inference.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-azure-ai-inference.api") {
        ApiDump.check("switchboard-azure-ai-inference")
    }
})
