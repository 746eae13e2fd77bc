package dev.switchboard.faults

import org.slf4j.ILoggerFactory
import org.slf4j.IMarkerFactory
import org.slf4j.Logger
import org.slf4j.LoggerFactory
import org.slf4j.Marker
import org.slf4j.event.Level
import org.slf4j.helpers.BasicMDCAdapter
import org.slf4j.helpers.BasicMarkerFactory
import org.slf4j.helpers.LegacyAbstractLogger
import org.slf4j.helpers.MessageFormatter
import org.slf4j.spi.MDCAdapter
import org.slf4j.spi.SLF4JServiceProvider
import java.io.PrintWriter
import java.io.StringWriter
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.logging.Handler
import java.util.logging.LogRecord

/**
 * Everything logged while a capture runs, at every level (TRACE and FINEST included), through SLF4J (the
 * library and Ktor log there) and `java.util.logging` (where the JDK's own classes log), rendered the way
 * a log backend prints it: the formatted message and the stack trace with every cause's message.
 *
 * The SLF4J side needs [CapturingSlf4jProvider] as the SLF4J provider of the test JVM: a module registers it
 * in its test resources under `META-INF/services/org.slf4j.spi.SLF4JServiceProvider`. Outside a capture
 * every logger is disabled, so the rest of the test run logs nothing and pays nothing.
 */
public object CapturedLogs {
    private val lines = ConcurrentLinkedQueue<String>()

    @Volatile
    internal var capturing: Boolean = false
        private set

    private var rootLevel: java.util.logging.Level? = null

    private val julHandler = object : Handler() {
        override fun publish(record: LogRecord) {
            if (!capturing) return
            val message = try {
                java.text.MessageFormat.format(record.message ?: "", *(record.parameters ?: emptyArray()))
            } catch (_: IllegalArgumentException) {
                record.message ?: ""
            }
            add("JUL ${record.level} ${record.loggerName}: $message", record.thrown)
        }

        override fun flush() = Unit
        override fun close() = Unit
    }

    /** Whether SLF4J is bound to [CapturingSlf4jProvider] in this JVM (otherwise SLF4J output is not captured). */
    public val slf4jBound: Boolean get() = LoggerFactory.getILoggerFactory() is CapturingSlf4jProvider.Factory

    /** Starts capturing, forgetting what an earlier capture saw. */
    public fun start() {
        lines.clear()
        val root = java.util.logging.Logger.getLogger("")
        if (rootLevel == null) rootLevel = root.level
        root.level = java.util.logging.Level.ALL
        if (julHandler !in root.handlers) root.addHandler(julHandler.apply { level = java.util.logging.Level.ALL })
        capturing = true
    }

    /** Stops capturing; returns every line captured. */
    public fun stop(): List<String> {
        capturing = false
        val root = java.util.logging.Logger.getLogger("")
        root.removeHandler(julHandler)
        root.level = rootLevel ?: java.util.logging.Level.INFO
        rootLevel = null
        return lines.toList()
    }

    /** Stops capturing for a while (through a load test, whose volume would only slow it down), keeping what was captured. */
    public fun pause() {
        capturing = false
    }

    /** Captures again after [pause]. */
    public fun resume() {
        capturing = true
    }

    /** What was captured so far. */
    public fun snapshot(): List<String> = lines.toList()

    internal fun add(line: String, thrown: Throwable?) {
        if (thrown == null) {
            lines += line
            return
        }
        val trace = StringWriter()
        thrown.printStackTrace(PrintWriter(trace))
        lines += "$line\n$trace"
    }
}

/**
 * An SLF4J 2 provider whose loggers are all enabled at TRACE while [CapturedLogs] captures, and disabled
 * otherwise. Registered by a module's tests through `META-INF/services`.
 */
public class CapturingSlf4jProvider : SLF4JServiceProvider {
    private val factory = Factory()
    private val markers = BasicMarkerFactory()
    private val mdc = BasicMDCAdapter()

    override fun getLoggerFactory(): ILoggerFactory = factory
    override fun getMarkerFactory(): IMarkerFactory = markers
    override fun getMDCAdapter(): MDCAdapter = mdc
    override fun getRequestedApiVersion(): String = "2.0.99"
    override fun initialize() = Unit

    /** The logger factory: one [CapturingLogger] per name. */
    public class Factory : ILoggerFactory {
        private val loggers = ConcurrentHashMap<String, Logger>()
        override fun getLogger(name: String): Logger = loggers.computeIfAbsent(name) { CapturingLogger(it) }
    }

    private class CapturingLogger(name: String) : LegacyAbstractLogger() {
        init {
            this.name = name
        }

        override fun isTraceEnabled(): Boolean = CapturedLogs.capturing
        override fun isDebugEnabled(): Boolean = CapturedLogs.capturing
        override fun isInfoEnabled(): Boolean = CapturedLogs.capturing
        override fun isWarnEnabled(): Boolean = CapturedLogs.capturing
        override fun isErrorEnabled(): Boolean = CapturedLogs.capturing
        override fun getFullyQualifiedCallerName(): String? = null

        override fun handleNormalizedLoggingCall(level: Level, marker: Marker?, messagePattern: String?, arguments: Array<out Any?>?, throwable: Throwable?) {
            if (!CapturedLogs.capturing) return
            val text = MessageFormatter.basicArrayFormat(messagePattern, arguments)
            CapturedLogs.add("SLF4J $level $name: $text", throwable)
        }
    }
}
