package dev.switchboard.bedrock

import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

class BedrockComponentTest : FunSpec({
    val model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    val answer = BedrockWire.textResponse(model, "hello from bedrock", WireUsage(3, 4))

    test("bedrock: a Bedrock API key from the environment, the document's region, endpoint and guardrail") {
        val key = "test-bedrock-config-key"
        val (text, r) = ProviderDocuments.call(answer, mapOf("AWS_BEARER_TOKEN_BEDROCK" to key)) { url ->
            """{"provider": "bedrock", "config": {"model": "$model", "region": "eu-west-1", "base_url": "$url",
               "guardrail": {"id": "gr-1", "version": "2", "trace": "enabled"}}}"""
        }
        text shouldBe "hello from bedrock"
        r.uri shouldBe "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse"
        r.headers["authorization"] shouldBe "Bearer $key"
        r.body shouldContain "\"guardrailIdentifier\":\"gr-1\""
    }

    test("bedrock: inline credentials sign the request with SigV4 for the region; they are secrets in the description") {
        val secret = "test/secret/access/key/for/config/0000"
        val (_, r) = ProviderDocuments.call(answer, mapOf("AWS_SECRET" to secret)) { url ->
            """{"provider": "bedrock", "config": {"model": "$model", "region": "eu-west-1", "base_url": "$url",
               "credentials": {"access_key_id": "AKIDCONFIGTEST", "secret_access_key": "${'$'}{AWS_SECRET}"}}}"""
        }
        r.headers["authorization"]!! shouldStartWith "AWS4-HMAC-SHA256 Credential=AKIDCONFIGTEST/"
        r.headers["authorization"]!! shouldContain "/eu-west-1/bedrock/aws4_request"
        val loaded = ProviderDocuments.loader(mapOf("AWS_SECRET" to secret)).loadJson(
            """{"provider": "bedrock", "config": {"model": "$model", "region": "eu-west-1", "credentials": {"access_key_id": "AKIDCONFIGTEST", "secret_access_key": "inline-$secret"}}}""",
        )
        dev.switchboard.config.Switchboard.describeJson(loaded).let { it.contains(secret) shouldBe false; it.contains("AKIDCONFIGTEST") shouldBe false }
        loaded.close()
    }

    test("bedrock: described without its key, and the description loads back") {
        val key = "test-bedrock-config-key"
        val client = BedrockChatCompletionClient.create(model, BedrockConfig.builder().apiKey(key).region("us-east-1").build())
        ProviderDocuments.describesWithoutSecret(client, key, "AWS_BEARER_TOKEN_BEDROCK", mapOf("AWS_BEARER_TOKEN_BEDROCK" to key))
        client.close()
    }

    test("bedrock: credentials need both halves; a region must be a region") {
        ProviderDocuments.failure("""{"provider": "bedrock", "config": {"model": "m", "region": "us-east-1", "credentials": {"access_key_id": "A"}}}""") shouldContain
            "config.credentials.secret_access_key: missing"
        ProviderDocuments.failure("""{"provider": "bedrock", "config": {"model": "m", "api_key": "k", "region": "mars"}}""") shouldContain
            "'mars' is not an AWS region name"
    }
})
