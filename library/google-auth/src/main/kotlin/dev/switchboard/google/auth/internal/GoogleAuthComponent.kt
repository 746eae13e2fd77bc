@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.google.auth.internal

import com.google.auth.oauth2.GoogleCredentials
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.google.auth.GoogleAuthTokens
import dev.switchboard.spi.SwitchboardSpi
import java.io.IOException
import java.nio.file.Files

/**
 * `google-auth`, a token provider: Application Default Credentials, or the key file at `credentials_file` (relative
 * to the document), scoped to `scopes` (default cloud-platform).
 */
internal class GoogleAuthComponent : ComponentProvider<AccessTokenProvider> {
    override val kind = ComponentKind.TOKEN_PROVIDER
    override val name = "google-auth"

    override fun create(config: ConfigNode, context: ConfigContext): AccessTokenProvider {
        val scopes = config.stringList("scopes").ifEmpty { listOf(GoogleAuthTokens.CLOUD_PLATFORM_SCOPE) }
        if (scopes.any { it.isEmpty() }) config.fail("scopes", "expected non-blank OAuth2 scopes")
        val file = config.stringOrNull("credentials_file")
        val credentials = if (file != null) {
            val path = context.resolve(file)
            try {
                Files.newInputStream(path).use { GoogleCredentials.fromStream(it) }
            } catch (e: IOException) {
                // google-auth-library's message names the file's problem; it never quotes the key.
                config.fail("credentials_file", "cannot read Google credentials from $path (${e.javaClass.simpleName}: ${e.message?.take(120)})")
            }
        } else {
            try {
                GoogleCredentials.getApplicationDefault()
            } catch (e: IOException) {
                config.fail(null, "no Application Default Credentials (${e.message?.take(200)}); give credentials_file, or run gcloud auth application-default login")
            }
        }
        return GoogleAuthTokens.provider(credentials, scopes)
    }
}
