package dev.switchboard.bedrock

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity

/**
 * The AWS SDK's credentials, for when `software.amazon.awssdk:auth` is on the classpath (an optional dependency of
 * this module): a provider the user gives ([BedrockConfig.credentialsProvider]) or the SDK's full default chain. The
 * only code of the module that touches the SDK; nothing loads it unless one of these is used.
 */
internal object SdkCredentials {
    /** Whether the SDK's default chain is on the classpath. */
    val available: Boolean by lazy {
        try {
            Class.forName("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider", false, SdkCredentials::class.java.classLoader)
            true
        } catch (e: ClassNotFoundException) {
            false
        } catch (e: LinkageError) {
            false
        }
    }

    /** Resolves [provider]'s credentials each time it is called (SDK providers cache and refresh them themselves). */
    fun from(provider: AwsCredentialsProvider): () -> AwsKeys = {
        val c = provider.resolveCredentials()
        AwsKeys(c.accessKeyId(), c.secretAccessKey(), (c as? AwsSessionCredentialsIdentity)?.sessionToken())
    }

    /** The SDK's default chain, reading [profile] (or `AWS_PROFILE`, or `default`) where it reads profile files. */
    fun defaultChain(profile: String?): () -> AwsKeys {
        val b = DefaultCredentialsProvider.builder()
        if (profile != null) b.profileName(profile)
        return from(b.build())
    }
}
