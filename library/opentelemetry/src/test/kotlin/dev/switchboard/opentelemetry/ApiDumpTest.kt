package dev.switchboard.opentelemetry

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-opentelemetry is the one committed in `api/switchboard-opentelemetry.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-opentelemetry.api") {
        ApiDump.check("switchboard-opentelemetry")
    }
})
