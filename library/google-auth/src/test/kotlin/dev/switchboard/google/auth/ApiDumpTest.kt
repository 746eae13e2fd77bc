package dev.switchboard.google.auth

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-google-auth is the one committed in `api/switchboard-google-auth.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-google-auth.api") {
        ApiDump.check("switchboard-google-auth")
    }
})
