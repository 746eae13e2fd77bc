package dev.switchboard.config

import java.nio.file.Path

/** What one load shares: the environment, the bound objects, the secrets seen, the nodes to check and what to close on failure. */
internal class LoadSession(
    val env: (String) -> String?,
    val registry: ComponentRegistry,
    val bindings: Map<String, Any>,
    val baseDirectory: Path?,
) {
    val secretPaths = LinkedHashSet<String>()
    val children = ArrayList<ConfigNode>()
    val resources = ArrayList<AutoCloseable>()

    /** Checks every node read for unknown keys, the first of them in document order failing. */
    fun checkKnownKeys() {
        for (node in children.sortedBy { it.path.length }) node.checkKnown()
    }

    /** Closes what was opened, newest first, after a failure; problems in closing are added to [failure]. */
    fun closeAll(failure: Throwable) {
        for (r in resources.asReversed()) {
            try { r.close() } catch (e: Exception) { failure.addSuppressed(e) }
        }
    }
}
