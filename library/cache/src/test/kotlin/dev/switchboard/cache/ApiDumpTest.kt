package dev.switchboard.cache

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-cache is the one committed in `api/switchboard-cache.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-cache.api") {
        ApiDump.check("switchboard-cache")
    }
})
