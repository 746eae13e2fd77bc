package dev.switchboard.bedrock

import java.io.File

/**
 * Where Bedrock finds AWS credentials when none are given, without the AWS SDK: the Java system properties
 * `aws.accessKeyId`, `aws.secretAccessKey` (or `aws.secretKey`) and `aws.sessionToken`; then the environment variables
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; then the static keys of the profile (the one
 * given, else `AWS_PROFILE`, else `default`) in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else
 * `~/.aws/credentials`) or the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`). That is the AWS SDK's default
 * chain without its parts that call a service (IAM Identity Center, web identity, `credential_process`, container and
 * instance metadata): with `software.amazon.awssdk:auth` on the classpath, the SDK's own chain is used instead
 * ([SdkCredentials]), and the error when nothing is found says so.
 */
internal class AwsCredentialChain(
    private val profile: String?,
    private val env: (String) -> String? = System::getenv,
    private val property: (String) -> String? = System::getProperty,
    private val home: String? = System.getProperty("user.home"),
) {
    /** The credentials found now; throws [IllegalStateException] saying where it looked when there are none. */
    fun resolve(): AwsKeys {
        keys(property("aws.accessKeyId"), property("aws.secretAccessKey") ?: property("aws.secretKey"), property("aws.sessionToken"))
            ?.let { return it }
        keys(env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN"))?.let { return it }
        val name = profileName()
        val credentialsFile = file("AWS_SHARED_CREDENTIALS_FILE", "credentials")
        val configFile = file("AWS_CONFIG_FILE", "config")
        val sections = listOfNotNull(
            credentialsFile?.let { AwsProfileFiles.section(it, name, configStyle = false) },
            configFile?.let { AwsProfileFiles.section(it, name, configStyle = true) },
        )
        for (s in sections) keys(s["aws_access_key_id"], s["aws_secret_access_key"], s["aws_session_token"])?.let { return it }
        val needsSdk = sections.flatMap { it.keys }.filter { it in SDK_ONLY }
        throw IllegalStateException(
            "No AWS credentials for Bedrock: none in the system properties aws.accessKeyId/aws.secretAccessKey, the " +
                "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or as static keys of profile '$name' in " +
                "${credentialsFile ?: "~/.aws/credentials"} or ${configFile ?: "~/.aws/config"}" +
                (if (needsSdk.isEmpty()) "" else " (the profile sets ${needsSdk.distinct().joinToString()}, which only the AWS SDK resolves)") +
                ". Set them, give BedrockConfig.builder().credentials(...), use a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK), " +
                "or add software.amazon.awssdk:auth to the classpath for the AWS SDK's full chain (IAM Identity Center, web " +
                "identity, credential_process, container and instance metadata)",
        )
    }

    private fun profileName(): String = profile ?: env("AWS_PROFILE")?.trim()?.ifEmpty { null } ?: "default"

    private fun file(variable: String, name: String): File? = AwsProfileFiles.file(variable, name, env, home)

    private fun keys(id: String?, secret: String?, token: String?): AwsKeys? {
        val i = id?.trim()?.ifEmpty { null } ?: return null
        val s = secret?.trim()?.ifEmpty { null } ?: return null
        return AwsKeys(i, s, token?.trim()?.ifEmpty { null })
    }

    private companion object {
        /** Profile settings that name credentials only the AWS SDK can obtain. */
        val SDK_ONLY = setOf(
            "sso_session", "sso_start_url", "sso_account_id", "role_arn", "web_identity_token_file", "credential_process",
            "credential_source", "source_profile",
        )
    }
}

/** The AWS shared config and credentials files: INI sections of `name = value` lines. */
internal object AwsProfileFiles {
    /** A file's lines as last read, with its modification time and length then: signing reads the files per attempt. */
    private class Read(val modified: Long, val length: Long, val lines: List<String>)

    private val reads = java.util.concurrent.ConcurrentHashMap<String, Read>()

    /**
     * The settings of profile [name] in [file] (names lowercased), or null when the file or the profile is absent. In
     * the config file ([configStyle]) a profile other than `default` is headed `[profile name]`. The file is read
     * again only when its modification time or length has changed.
     */
    fun section(file: File, name: String, configStyle: Boolean): Map<String, String>? {
        if (!file.isFile) return null
        val lines = lines(file) ?: return null
        val wanted = if (configStyle && name != "default") "profile $name" else name
        var inside = false
        var found = false
        val out = LinkedHashMap<String, String>()
        for (raw in lines) {
            val line = raw.trim()
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue
            if (line.startsWith("[") && line.endsWith("]")) {
                val header = line.substring(1, line.length - 1).trim().replace(Regex("\\s+"), " ")
                inside = header == wanted
                found = found || inside
                continue
            }
            if (!inside) continue
            val eq = line.indexOf('=')
            if (eq <= 0 || raw.first().isWhitespace()) continue // a nested (indented) setting, such as s3's
            out[line.substring(0, eq).trim().lowercase()] = line.substring(eq + 1).trim()
        }
        return if (found) out else null
    }

    private fun lines(file: File): List<String>? {
        val modified = file.lastModified()
        val length = file.length()
        reads[file.path]?.let { if (it.modified == modified && it.length == length) return it.lines }
        val lines = try {
            file.readLines()
        } catch (e: java.io.IOException) {
            return null
        }
        reads[file.path] = Read(modified, length, lines)
        return lines
    }

    /** The `region` of profile [name] (or `default`) in the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`), or null. */
    fun region(name: String?, env: (String) -> String? = System::getenv, home: String? = System.getProperty("user.home")): String? {
        val file = file("AWS_CONFIG_FILE", "config", env, home) ?: return null
        return section(file, name ?: "default", configStyle = true)?.get("region")?.ifEmpty { null }
    }

    /** The file [variable] names (a leading `~/` is the home directory), else `~/.aws/<name>`; null without either. */
    fun file(variable: String, name: String, env: (String) -> String?, home: String?): File? {
        val path = env(variable)?.trim()?.ifEmpty { null }
        return when {
            path != null -> File(if (path.startsWith("~/") && home != null) home + path.substring(1) else path)
            home != null -> File(home, ".aws/$name")
            else -> null
        }
    }
}
