package dev.switchboard.config.yaml

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-config-yaml is the one committed in `api/switchboard-config-yaml.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-config-yaml.api") {
        ApiDump.check("switchboard-config-yaml")
    }
})
