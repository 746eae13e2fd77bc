package dev.switchboard.redis

import dev.switchboard.apidump.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The public API of switchboard-redis is the one committed in `api/switchboard-redis.api`: a change to it is deliberate. */
class ApiDumpTest : FunSpec({
    test("the public API matches the committed dump api/switchboard-redis.api") {
        ApiDump.check("switchboard-redis")
    }
})
