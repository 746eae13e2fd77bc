package dev.switchboard.redis

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import org.slf4j.LoggerFactory

/**
 * Runs [block] while the WARN lines that `ChatCompletionCache` writes to its logger `dev.switchboard.cache` are
 * collected; hands them (formatted) to [block] through the list it is given, which fills as they come.
 */
suspend fun <T> withCacheWarnings(block: suspend (List<String>) -> T): T {
    val logger = LoggerFactory.getLogger("dev.switchboard.cache") as Logger
    val appender = ListAppender<ILoggingEvent>().apply { start() }
    logger.addAppender(appender)
    val lines = object : AbstractList<String>() {
        override val size: Int get() = appender.list.size
        override fun get(index: Int): String = appender.list[index].let { "${it.level} ${it.formattedMessage}" }
    }
    try {
        return block(lines)
    } finally {
        logger.detachAppender(appender)
    }
}

/** The WARN lines among [lines]. */
fun warnings(lines: List<String>): List<String> = lines.filter { it.startsWith("${Level.WARN} ") }
