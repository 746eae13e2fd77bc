package dev.switchboard.cache

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.future.await
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

private fun tempFile(): Path = Files.createTempDirectory("switchboard-disk-cache").resolve("cache.mv")

/** The store contract, on MVStore. */
class DiskCacheStoreTest : CacheStoreSuite({ DiskCacheStore.open(tempFile()) })

/** Opens a disk store in its own process: the test's second process. Prints OPENED or the error's message. */
object DiskStoreOpener {
    @JvmStatic
    fun main(args: Array<String>) {
        try {
            DiskCacheStore.open(Path.of(args[0])).use { println("OPENED") }
        } catch (e: IllegalStateException) {
            println("REFUSED " + e.message)
        }
    }
}

class DiskCacheStoreFileTest : FunSpec({
    timeout = 120_000L

    test("entries survive closing the store and opening the file again, as after a restart") {
        val file = tempFile()
        val upstream = ScriptedClient()
        val hi = CreateRequest.of(UserMessage.of("Hi"))
        DiskCacheStore.open(file).use { store -> upstream.cached(store).create(hi) }
        DiskCacheStore.open(file).use { store ->
            store.size shouldBe 1L
            upstream.cached(store).create(hi).cached shouldBe true
        }
        upstream.calls.get() shouldBe 1
    }

    test("a second store on the same file in this process is refused clearly; the first goes on") {
        val file = tempFile()
        DiskCacheStore.open(file).use { first ->
            val e = shouldThrow<IllegalStateException> { DiskCacheStore.open(file) }
            e.message shouldContain "is in use by another DiskCacheStore"
            first.put("k", byteArrayOf(1), null).await()
            first.get("k").await()!!.toList() shouldBe listOf<Byte>(1)
        }
    }

    test("a second process is refused while the file is open, and opens it once the first has closed it") {
        val file = tempFile()
        fun openInAnotherProcess(): String {
            val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
            val process = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DiskStoreOpener::class.java.name, file.toString())
                .redirectErrorStream(true).start()
            check(process.waitFor(60, TimeUnit.SECONDS)) { "the second process did not end" }
            return process.inputStream.readAllBytes().decodeToString().lines().last { it.startsWith("OPENED") || it.startsWith("REFUSED") }
        }
        DiskCacheStore.open(file).use { openInAnotherProcess() shouldContain "REFUSED The disk cache" }
        openInAnotherProcess() shouldBe "OPENED"
    }

    test("bounded by entries: the oldest written go first, a rewritten key counts as new") {
        DiskCacheStore.builder(tempFile()).maximumEntries(3).open().use { store ->
            for (k in listOf("a", "b", "c")) store.put(k, k.toByteArray(), null).await()
            store.put("a", "a2".toByteArray(), null).await()
            store.put("d", "d".toByteArray(), null).await()
            store.size shouldBe 3L
            store.get("b").await() shouldBe null
            store.get("a").await()!!.decodeToString() shouldBe "a2"
            store.get("d").await()!!.decodeToString() shouldBe "d"
        }
    }
})
