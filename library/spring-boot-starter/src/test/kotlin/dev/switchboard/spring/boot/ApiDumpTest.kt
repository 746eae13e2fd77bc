package dev.switchboard.spring.boot

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-spring-boot-starter is the one committed in `api/switchboard-spring-boot-starter.api`. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-spring-boot-starter.api") {
        ApiDump.check("switchboard-spring-boot-starter")
    }
})
