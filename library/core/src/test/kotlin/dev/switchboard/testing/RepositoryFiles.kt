package dev.switchboard.testing

import java.io.File

/**
 * Files of this repository that tests read, found without looking outside it: the repository root and
 * the providers' API specs vendored under `spec/` (their sources and licences in `spec/README.md`).
 */
public object RepositoryFiles {
    /**
     * The repository root: the `switchboard.repoRoot` system property, which the build gives every test JVM,
     * else (a test started from an IDE) the nearest folder up from the working directory that holds `.mvn`,
     * which only the root does.
     */
    public val root: File by lazy {
        System.getProperty("switchboard.repoRoot")?.let { File(it).canonicalFile }
            ?: generateSequence(File("").absoluteFile) { it.parentFile }.firstOrNull { File(it, ".mvn").isDirectory }
            ?: error("The repository root is unknown: set -Dswitchboard.repoRoot or run from inside the repository")
    }

    /** The vendored spec `spec/<name>`; fails, naming the path, when the file is not there. */
    public fun spec(name: String): File {
        val file = File(root, "spec/$name")
        check(file.isFile) { "The vendored spec ${file.path} is missing: the tests read their specs from spec/ (see spec/README.md)" }
        return file
    }
}
