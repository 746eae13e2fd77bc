package dev.switchboard.bedrock

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.File
import java.nio.file.Files

/** The default chain without the AWS SDK: system properties, then environment, then the profile files' static keys. */
class AwsCredentialChainTest : FunSpec({
    val home = Files.createTempDirectory("aws-home").toFile()
    File(home, ".aws").mkdirs()
    File(home, ".aws/credentials").writeText(
        """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret-1

        [work]
        aws_access_key_id=AKIDWORK
        aws_secret_access_key=work-secret-2
        aws_session_token = work-token-3
        """.trimIndent(),
    )
    File(home, ".aws/config").writeText(
        """
        [default]
        region = eu-west-1
        [profile cfg]
        region = ap-southeast-2
        aws_access_key_id = AKIDCFG
        aws_secret_access_key = cfg-secret-4
        s3 =
          max_concurrent_requests = 20
        [profile sso]
        sso_session = corp
        sso_account_id = 111122223333
        """.trimIndent(),
    )
    fun chain(profile: String? = null, env: Map<String, String> = emptyMap(), props: Map<String, String> = emptyMap()) =
        AwsCredentialChain(profile, env::get, props::get, home.path)

    fun AwsKeys.triple() = Triple(accessKeyId, secretAccessKey, sessionToken)

    test("system properties come first, then the environment") {
        val env = mapOf("AWS_ACCESS_KEY_ID" to "AKIDENV", "AWS_SECRET_ACCESS_KEY" to "env-secret", "AWS_SESSION_TOKEN" to "env-token")
        chain(env = env, props = mapOf("aws.accessKeyId" to "AKIDPROP", "aws.secretKey" to "prop-secret")).resolve().triple() shouldBe
            Triple("AKIDPROP", "prop-secret", null)
        chain(env = env).resolve().triple() shouldBe Triple("AKIDENV", "env-secret", "env-token")
    }

    test("a key id without its secret is not credentials: the chain goes on") {
        chain(env = mapOf("AWS_ACCESS_KEY_ID" to "AKIDENV")).resolve().accessKeyId shouldBe "AKIDDEFAULT"
    }

    test("the profile's static keys: given, from AWS_PROFILE, or default; the config file's [profile name] too") {
        chain().resolve().triple() shouldBe Triple("AKIDDEFAULT", "default-secret-1", null)
        chain("work").resolve().triple() shouldBe Triple("AKIDWORK", "work-secret-2", "work-token-3")
        chain(env = mapOf("AWS_PROFILE" to "work")).resolve().accessKeyId shouldBe "AKIDWORK"
        chain("cfg").resolve().triple() shouldBe Triple("AKIDCFG", "cfg-secret-4", null)
    }

    test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files") {
        val other = File(home, "elsewhere").apply { writeText("[default]\naws_access_key_id = AKIDMOVED\naws_secret_access_key = moved-secret\n") }
        chain(env = mapOf("AWS_SHARED_CREDENTIALS_FILE" to other.path)).resolve().accessKeyId shouldBe "AKIDMOVED"
        AwsProfileFiles.region(null, mapOf("AWS_CONFIG_FILE" to other.path)::get, home.path) shouldBe null
    }

    test("a profile only the AWS SDK can resolve fails saying what to add, and no secret") {
        val e = shouldThrow<IllegalStateException> { chain("sso").resolve() }
        e.message shouldContain "profile 'sso'"
        e.message shouldContain "sso_session"
        e.message shouldContain "software.amazon.awssdk:auth"
        val none = shouldThrow<IllegalStateException> { AwsCredentialChain("missing", { null }, { null }, home.path).resolve() }
        none.message shouldContain "AWS_ACCESS_KEY_ID"
        none.message shouldNotContain "default-secret-1"
    }

    test("the region of a profile, from the config file") {
        AwsProfileFiles.region(null, { null }, home.path) shouldBe "eu-west-1"
        AwsProfileFiles.region("cfg", { null }, home.path) shouldBe "ap-southeast-2"
        AwsProfileFiles.region("work", { null }, home.path) shouldBe null
    }

    test("a changed file is read again, an unchanged one is not parsed anew") {
        val dir = Files.createTempDirectory("aws-rotate").toFile()
        val file = File(dir, "credentials").apply { writeText("[default]\naws_access_key_id = AKIDOLD\naws_secret_access_key = old-secret\n") }
        val rotating = AwsCredentialChain(null, mapOf("AWS_SHARED_CREDENTIALS_FILE" to file.path)::get, { null }, dir.path)
        rotating.resolve().accessKeyId shouldBe "AKIDOLD"
        file.writeText("[default]\naws_access_key_id = AKIDNEWER\naws_secret_access_key = new-secret\n")
        file.setLastModified(file.lastModified() + 2_000)
        rotating.resolve().accessKeyId shouldBe "AKIDNEWER"
    }

    test("keys print no secret") {
        AwsKeys("AKIDX", "secret-xyz", "token-abc").toString() shouldNotContain "secret-xyz"
        AwsKeys("AKIDX", "secret-xyz", "token-abc").toString() shouldNotContain "token-abc"
    }
})
