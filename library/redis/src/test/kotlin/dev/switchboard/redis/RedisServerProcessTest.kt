package dev.switchboard.redis

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File

/** The test Redis itself: which binary it runs, and that it stops and starts again on its port. */
class RedisServerProcessTest : FunSpec({
    test("it runs redis-server from the PATH when there is one, else the binary embedded-redis ships") {
        RedisServerProcess.create().use { redis ->
            val onPath = System.getenv("PATH").orEmpty().split(File.pathSeparator)
                .any { it.isNotEmpty() && File(it, "redis-server").let { f -> f.isFile && f.canExecute() } }
            redis.binarySource shouldBe if (onPath) "PATH" else "embedded-redis"
            println("Redis for the tests: ${redis.binarySource}, ${redis.binary}")
        }
    }

    test("it answers PING once started, stops, and starts again on the same port") {
        RedisServerProcess.start().use { redis ->
            val port = redis.port
            rawRedis(redis.uri) { it.ping() } shouldBe "PONG"
            redis.stop()
            redis.isRunning shouldBe false
            redis.start()
            redis.port shouldBe port
            rawRedis(redis.uri) { it.ping() } shouldBe "PONG"
        }
    }
})
