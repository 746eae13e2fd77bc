package dev.switchboard.readme

import java.io.File

/** The texts the README tests compare: a README example and the lines of a test source that carry it. */
object ReadmeText {
    private val root = File(System.getProperty("switchboard.repoRoot") ?: "../..")

    /** The lines of the first Kotlin block after the heading `### [section]` of README.md. */
    fun kotlinBlock(section: String): List<String> {
        val readme = File(root, "README.md").readLines()
        val at = readme.indexOf("### $section")
        check(at >= 0) { "README.md has no section $section" }
        val open = readme.withIndex().first { (i, line) -> i > at && line == "```kotlin" }.index
        val close = readme.withIndex().first { (i, line) -> i > open && line == "```" }.index
        return readme.subList(open + 1, close)
    }

    /** The lines of the test source at [path] (from the repository root) between its markers for [section]. */
    fun marked(path: String, section: String): List<String> {
        val source = File(root, path).readLines()
        return source.subList(
            source.indexOfFirst { it == "// README.md \"$section\" begins" } + 1,
            source.indexOfFirst { it == "// README.md \"$section\" ends" },
        )
    }
}
