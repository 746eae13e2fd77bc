package dev.switchboard.spring.boot.internal

import dev.switchboard.spring.boot.SwitchboardConfigurationException
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer
import org.springframework.boot.diagnostics.FailureAnalysis

/** Says which `switchboard.clients` property is wrong and how to fix it, instead of a bean-creation stack trace. */
internal class ConfigFailureAnalyzer : AbstractFailureAnalyzer<SwitchboardConfigurationException>() {
    override fun analyze(rootFailure: Throwable, cause: SwitchboardConfigurationException): FailureAnalysis =
        FailureAnalysis(
            "A Switchboard client could not be configured.\n\n    Property: ${cause.property}\n    Problem: ${cause.problem}",
            "Correct ${cause.property} in your application properties (switchboard.clients.<name> holds the same " +
                "document as a Switchboard configuration file: provider and config).",
            cause,
        )
}
