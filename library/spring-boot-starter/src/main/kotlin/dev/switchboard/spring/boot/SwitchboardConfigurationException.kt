package dev.switchboard.spring.boot

/**
 * A `switchboard.clients.<name>` entry that does not describe a valid client: [property] names the property (such as
 * `switchboard.clients.chat.config.groups[0].name`) and [problem] what was expected there. Never holds a secret.
 */
public class SwitchboardConfigurationException @JvmOverloads constructor(
    /** The property at fault, from `switchboard.clients`. */
    public val property: String,
    /** What was wrong and what was expected. */
    public val problem: String,
    cause: Throwable? = null,
) : IllegalArgumentException("$property: $problem", cause)
