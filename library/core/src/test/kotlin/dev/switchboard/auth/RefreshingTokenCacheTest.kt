package dev.switchboard.auth

import dev.switchboard.AuthenticationException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** A clock the test moves by hand. */
internal class TestClock(var now: Instant = Instant.parse("2030-01-01T00:00:00Z")) : Clock() {
    override fun instant(): Instant = now
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
    fun advance(d: Duration) {
        now = now.plus(d)
    }
}

/** A provider of numbered tokens (`tok-1`, `tok-2`, …) that live [lifetime] from the [clock]'s now. */
internal class CountingProvider(private val clock: TestClock, private val lifetime: Duration = Duration.ofHours(1)) : AccessTokenProvider {
    val calls = AtomicInteger()
    @Volatile var failWith: Exception? = null

    override fun getToken(): AccessToken {
        val n = calls.incrementAndGet()
        failWith?.let { throw it }
        return AccessToken("tok-$n-" + "x".repeat(12), clock.instant().plus(lifetime))
    }
}

@Suppress("UNCHECKED_CAST")
private fun <T> nullAs(): T = null as T

class RefreshingTokenCacheTest : FunSpec({
    timeout = 60_000L
    val skew = Duration.ofMinutes(5)

    /** A cache whose background refreshes run inline, so that tests see their outcome at once. */
    fun inline(source: AccessTokenProvider, clock: TestClock) = RefreshingTokenCache(source, "azure-openai", skew, clock, Dispatchers.Unconfined)

    test("the first token is fetched once and reused until its refresh point, 5 minutes before expiry") {
        val clock = TestClock()
        val p = CountingProvider(clock)
        val cache = inline(p, clock)
        val first = cache.get()
        first.token shouldContain "tok-1"
        clock.advance(Duration.ofMinutes(54))
        cache.get() shouldBeSameInstanceAs first
        clock.advance(Duration.ofSeconds(59))
        cache.get() shouldBeSameInstanceAs first
        p.calls.get() shouldBe 1
    }

    test("inside the skew the cached token is still handed out while one background refresh replaces it") {
        val clock = TestClock()
        val calls = AtomicInteger()
        val gate = CountDownLatch(1)
        val provider = AccessTokenProvider {
            val n = calls.incrementAndGet()
            if (n > 1) gate.await(10, TimeUnit.SECONDS)
            AccessToken("tok-$n-" + "x".repeat(12), clock.instant().plus(Duration.ofHours(1)))
        }
        val cache = RefreshingTokenCache(provider, "azure-openai", skew, clock, Dispatchers.IO)
        val first = cache.get()
        clock.advance(Duration.ofMinutes(56)) // 4 minutes left: time to refresh, but the token is still valid
        // 20 callers get the old token at once although the refresh is held up.
        val got = withTimeout(5_000) { coroutineScope { (1..20).map { async(Dispatchers.Default) { cache.get() } }.awaitAll() } }
        got.forEach { it shouldBeSameInstanceAs first }
        withTimeout(5_000) { while (calls.get() < 2) delay(5) }
        gate.countDown()
        withTimeout(5_000) { while (cache.get() === first) delay(5) }
        cache.get().token shouldContain "tok-2"
        calls.get() shouldBe 2
    }

    test("a token with a lifetime shorter than twice the skew is refreshed at half its lifetime") {
        val clock = TestClock()
        val p = CountingProvider(clock, lifetime = Duration.ofMinutes(4))
        val cache = inline(p, clock)
        val first = cache.get()
        clock.advance(Duration.ofSeconds(119))
        cache.get() shouldBeSameInstanceAs first
        p.calls.get() shouldBe 1
        clock.advance(Duration.ofSeconds(1)) // half of 4 minutes
        cache.get() shouldBeSameInstanceAs first // still valid: handed out while the inline refresh runs
        p.calls.get() shouldBe 2
        cache.get().token shouldContain "tok-2"
    }

    test("once the token expired, callers wait for the new one") {
        val clock = TestClock()
        val p = CountingProvider(clock)
        val cache = RefreshingTokenCache(p, "azure-openai", skew, clock, Dispatchers.IO)
        cache.get()
        clock.advance(Duration.ofHours(2))
        cache.get().token shouldContain "tok-2"
        p.calls.get() shouldBe 2
    }

    test("50 concurrent callers with no token share one fetch") {
        val clock = TestClock()
        val calls = AtomicInteger()
        val entered = CountDownLatch(1)
        val release = CountDownLatch(1)
        val provider = AccessTokenProvider {
            calls.incrementAndGet()
            entered.countDown()
            release.await(10, TimeUnit.SECONDS)
            AccessToken("shared-" + "t".repeat(20), clock.instant().plus(Duration.ofHours(1)))
        }
        val cache = RefreshingTokenCache(provider, "azure-openai", skew, clock, Dispatchers.IO)
        val results = coroutineScope {
            val all = (1..50).map { async(Dispatchers.Default) { cache.get() } }
            withContext(Dispatchers.IO) { entered.await(10, TimeUnit.SECONDS) shouldBe true }
            delay(100) // let every caller reach the wait
            release.countDown()
            all.awaitAll()
        }
        results shouldHaveSize 50
        results.map { it.token }.toSet() shouldBe setOf("shared-" + "t".repeat(20))
        calls.get() shouldBe 1
    }

    test("50 concurrent callers after expiry share one refresh") {
        val clock = TestClock()
        val p = CountingProvider(clock)
        val cache = RefreshingTokenCache(p, "azure-openai", skew, clock, Dispatchers.IO)
        cache.get()
        clock.advance(Duration.ofHours(1))
        val tokens = coroutineScope { (1..50).map { async(Dispatchers.Default) { cache.get().token } }.awaitAll() }
        tokens.toSet().single() shouldContain "tok-2"
        p.calls.get() shouldBe 2
    }

    test("a failed fetch is an AuthenticationException for every waiter, without the secret, and is not remembered") {
        val clock = TestClock()
        val p = CountingProvider(clock)
        val secret = "client-secret-" + "s3cr3tvalue"
        p.failWith = IOException("AADSTS7000215: invalid client secret client_secret=$secret")
        val cache = RefreshingTokenCache(p, "azure-openai", skew, clock, Dispatchers.IO)
        val errors = coroutineScope {
            (1..10).map { async(Dispatchers.Default) { runCatching { cache.get() }.exceptionOrNull() } }.awaitAll()
        }
        errors.forEach { e ->
            val auth = e as AuthenticationException
            auth.statusCode shouldBe 0
            auth.provider shouldBe "azure-openai"
            auth.message!! shouldContain "Could not get an access token for azure-openai"
            auth.message!! shouldContain CountingProvider::class.java.name
            auth.message!! shouldNotContain "s3cr3tvalue"
            auth.cause.shouldNotBeNull().message!! shouldNotContain "s3cr3tvalue"
        }
        val failedCalls = p.calls.get()
        (failedCalls in 1..10) shouldBe true
        // Not cached: the next call asks again and succeeds.
        p.failWith = null
        cache.get().token shouldContain "tok-"
        p.calls.get() shouldBe failedCalls + 1
    }

    test("a failed background refresh keeps the valid token and is tried again 30 s later at the earliest") {
        val clock = TestClock()
        val p = CountingProvider(clock)
        val cache = inline(p, clock)
        val first = cache.get()
        clock.advance(Duration.ofMinutes(56))
        p.failWith = IOException("login.microsoftonline.com unreachable")
        cache.get() shouldBeSameInstanceAs first
        p.calls.get() shouldBe 2
        clock.advance(Duration.ofSeconds(29))
        cache.get() shouldBeSameInstanceAs first
        p.calls.get() shouldBe 2
        clock.advance(Duration.ofSeconds(1))
        p.failWith = null
        cache.get() shouldBeSameInstanceAs first // the inline refresh succeeds now
        p.calls.get() shouldBe 3
        cache.get().token shouldContain "tok-3"
    }

    test("a token that has already expired, or null from a Java provider, is an AuthenticationException") {
        val clock = TestClock()
        val stale = RefreshingTokenCache(
            { AccessToken("old-" + "o".repeat(12), clock.instant().minusSeconds(1)) }, "azure-openai", skew, clock, Dispatchers.IO,
        )
        shouldThrow<AuthenticationException> { stale.get() }.message!! shouldContain "returned a token that expired at"
        val nothing = RefreshingTokenCache({ nullAs<AccessToken>() }, "azure-openai", skew, clock, Dispatchers.IO)
        shouldThrow<AuthenticationException> { nothing.get() }.message!! shouldContain "returned null"
    }

    test("an AuthenticationException thrown by the provider and a cancellation pass through as they are") {
        val clock = TestClock()
        val own = AuthenticationException("no login", "azure-openai", 0)
        shouldThrow<AuthenticationException> {
            RefreshingTokenCache({ throw own }, "azure-openai", skew, clock, Dispatchers.IO).get()
        } shouldBeSameInstanceAs own
        shouldThrow<CancellationException> {
            RefreshingTokenCache({ throw CancellationException("stop") }, "azure-openai", skew, clock, Dispatchers.IO).get()
        }
    }

    test("a cancelled waiter stops waiting; the fetch completes and its token is kept for the next caller") {
        val clock = TestClock()
        val release = CountDownLatch(1)
        val calls = AtomicInteger()
        val provider = AccessTokenProvider {
            calls.incrementAndGet()
            release.await(10, TimeUnit.SECONDS)
            AccessToken("late-" + "l".repeat(12), clock.instant().plus(Duration.ofHours(1)))
        }
        val cache = RefreshingTokenCache(provider, "azure-openai", skew, clock, Dispatchers.IO)
        coroutineScope {
            val waiter = launch(Dispatchers.Default) { cache.get() }
            delay(100)
            waiter.cancel()
            waiter.join()
            waiter.isCancelled shouldBe true
        }
        release.countDown()
        cache.get().token shouldContain "late-"
        calls.get() shouldBe 1
    }

    test("invalidate drops the cached token only when it is the one named") {
        val clock = TestClock()
        val p = CountingProvider(clock)
        val cache = inline(p, clock)
        val first = cache.get()
        cache.invalidate("some-other-token")
        cache.get() shouldBeSameInstanceAs first
        cache.invalidate(first.token)
        cache.get().token shouldContain "tok-2"
    }

    test("toString of a token, the cache and the authorizer never shows the token") {
        val clock = TestClock()
        val token = AccessToken("eyJsecret" + "payload123", clock.instant())
        token.toString() shouldNotContain "payload123"
        token.toString() shouldContain "2030-01-01T00:00:00Z"
        val cache = inline({ token.let { AccessToken(it.token, clock.instant().plusSeconds(3600)) } }, clock)
        cache.get()
        cache.toString() shouldNotContain "payload123"
        BearerTokenAuthorizer(cache).toString() shouldNotContain "payload123"
        shouldThrow<IllegalArgumentException> { AccessToken(" ", clock.instant()) }
        shouldThrow<IllegalArgumentException> { RequestAuthorizer.bearerToken({ token }, "x", Duration.ofSeconds(-1)) }
    }
})
