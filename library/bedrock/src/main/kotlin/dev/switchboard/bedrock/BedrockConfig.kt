package dev.switchboard.bedrock

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider

/**
 * How to reach Amazon Bedrock's runtime: the AWS [region], the endpoint ([baseUrl], by default the region's
 * `bedrock-runtime` endpoint), and the credentials: a Bedrock API key sent as `Authorization: Bearer` ([apiKey]),
 * or AWS credentials that sign every attempt with SigV4: static keys ([Builder.credentials]), an AWS SDK
 * [credentialsProvider], or else the default chain: the AWS SDK's when `software.amazon.awssdk:auth` is on the
 * classpath (this module does not bring it), otherwise system properties, environment variables and the static keys
 * of the [profile] in the AWS shared files. Also a [guardrail] applied to every call, default headers, HTTP options and the model's capabilities
 * ([modelInfo]) when [BedrockModels] does not know it. Immutable; build one with [builder] or [fromEnvironment].
 *
 * [toString] never shows the API key, credentials or header values.
 */
public class BedrockConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /** The AWS region (such as `us-east-1`), or null when only [baseUrl] is given (then SigV4 cannot sign). */
    public val region: String? = b.region
    /** The runtime's root URL, without a trailing slash; requests go to `<baseUrl>/model/<model>/converse`. */
    public val baseUrl: String get() = endpointOptions.url
    /** The Bedrock API key sent as `Authorization: Bearer`, or null to sign with AWS credentials. */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** The AWS credentials that sign the requests, or null for the default chain (unused with an [apiKey]). */
    public val credentialsProvider: AwsCredentialsProvider? = b.credentialsProvider
    /** The static keys of [Builder.credentials], or null. */
    internal val staticKeys: AwsKeys? = b.staticKeys
    /** The profile of the AWS config and credentials files the default chain reads, or null for `default`. */
    public val profile: String? = b.profile
    /** The guardrail applied to every call, or null. */
    public val guardrail: BedrockGuardrail? = b.guardrail
    /** Headers sent with every request. */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities, overriding [BedrockModels]; null to look the model up. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "BedrockConfig(region=$region, $endpointOptions, credentials=${when { staticKeys != null -> "static keys"; credentialsProvider != null -> "given"; else -> "default chain" }}, " +
            "profile=$profile, guardrail=$guardrail)"

    /**
     * Builds a [BedrockConfig]. Every setter returns the builder; the API key (a Bedrock API key, sent as
     * `Authorization: Bearer`), headers, model info and HTTP options are set as for every provider
     * ([EndpointConfigBuilder]). From Kotlin, `BedrockConfig { region = "us-east-1" }` sets the same values as properties.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The AWS region, such as `us-east-1`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var region: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** The runtime's root URL; null (default) takes `https://bedrock-runtime.<region>.amazonaws.com`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** AWS SDK credentials (needs `software.amazon.awssdk:auth`); null (default) takes the default chain. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var credentialsProvider: AwsCredentialsProvider? = null
            set(value) { field = value; if (value != null) staticKeys = null }
        internal var staticKeys: AwsKeys? = null
        /** The profile the default chain reads; null for `AWS_PROFILE` or `default`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var profile: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** The guardrail applied to every call, or null. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var guardrail: BedrockGuardrail? = null

        internal constructor(c: BedrockConfig) : this() {
            copyEndpointOptions(c.endpointOptions); region = c.region; baseUrl = c.baseUrl
            credentialsProvider = c.credentialsProvider; staticKeys = c.staticKeys; profile = c.profile; guardrail = c.guardrail
        }

        /** Sets the AWS region, such as `us-east-1`. */
        public fun region(value: String?): Builder = apply { region = value }

        /** Sets the runtime's root URL (a VPC endpoint, a proxy); null takes the region's. */
        public fun baseUrl(value: String?): Builder = apply { baseUrl = value }

        /** Sets the AWS SDK credentials that sign the requests (needs `software.amazon.awssdk:auth`); null takes the default chain. */
        public fun credentialsProvider(value: AwsCredentialsProvider?): Builder = apply { credentialsProvider = value }

        /** Signs with these static AWS credentials ([sessionToken] for temporary ones, else null). */
        public fun credentials(accessKeyId: String, secretAccessKey: String, sessionToken: String?): Builder = apply {
            require(accessKeyId.isNotBlank() && secretAccessKey.isNotBlank()) { "The AWS access key id and secret access key must not be blank" }
            credentialsProvider = null
            staticKeys = AwsKeys(accessKeyId.trim(), secretAccessKey.trim(), sessionToken?.trim()?.ifEmpty { null })
        }

        /** Sets the profile of the AWS config and credentials files the default chain reads. */
        public fun profile(value: String?): Builder = apply { profile = value }

        /** Applies [value] to every call (null: none). */
        public fun guardrail(value: BedrockGuardrail?): Builder = apply { guardrail = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when neither a region nor a base URL is set, the region is not a region
         *   name, or the base URL is not an http(s) URL.
         */
        public fun build(): BedrockConfig {
            val r = region
            require(r == null || REGION.matches(r)) { "'$r' is not an AWS region name (such as us-east-1)" }
            val url = baseUrl ?: r?.let { "https://bedrock-runtime.$it.amazonaws.com" } ?: throw IllegalArgumentException(
                "No AWS region for Bedrock: set the AWS_REGION environment variable or call BedrockConfig.builder().region(...)",
            )
            return BedrockConfig(this, endpointOptions(Urls.httpUrl(url, "The base URL")))
        }
    }

    /** Factories. */
    public companion object {
        private val REGION = Regex("[a-z]{2}(-[a-z]+)+-\\d{1,2}")

        /** A builder with nothing set: give it a region (and credentials, or let the default chain find them). */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder preset from the environment: `AWS_BEARER_TOKEN_BEDROCK` (a Bedrock API key), `AWS_REGION` (or
         * `AWS_DEFAULT_REGION`, or else the region of the profile in the AWS config file), `AWS_PROFILE` and
         * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, each where set and not blank. Without an API key, requests are signed
         * with the default chain's credentials.
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv, ::profileRegion)

        /** The region of [profile] (or `default`) in the AWS config file, or null. */
        internal fun profileRegion(profile: String?): String? = AwsProfileFiles.region(profile)

        internal fun fromEnvironment(env: (String) -> String?, profileRegion: (String?) -> String?): Builder {
            val b = Builder()
            b.apiKey(EnvironmentValues.first(env, "AWS_BEARER_TOKEN_BEDROCK"))
            b.profile(EnvironmentValues.first(env, "AWS_PROFILE"))
            b.region(EnvironmentValues.first(env, "AWS_REGION", "AWS_DEFAULT_REGION") ?: profileRegion(b.profile))
            b.baseUrl(EnvironmentValues.first(env, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"))
            return b
        }
    }
}
