package dev.switchboard.engine.java

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-engine-java is the one committed in `api/switchboard-engine-java.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-engine-java.api") {
        ApiDump.check("switchboard-engine-java")
    }
})
