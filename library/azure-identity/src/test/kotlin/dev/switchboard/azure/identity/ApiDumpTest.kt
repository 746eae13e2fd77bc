package dev.switchboard.azure.identity

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-azure-identity is the one committed in `api/switchboard-azure-identity.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-azure-identity.api") {
        ApiDump.check("switchboard-azure-identity")
    }
})
