package dev.switchboard.spring.boot

import dev.switchboard.opentelemetry.GenAiTelemetry
import dev.switchboard.spring.boot.internal.ClientFactory
import dev.switchboard.spring.boot.internal.ClientWrapper
import dev.switchboard.spring.boot.internal.ClientsRegistrar
import io.opentelemetry.api.OpenTelemetry
import org.springframework.beans.factory.ObjectProvider
import org.springframework.boot.autoconfigure.AutoConfiguration
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.context.annotation.Import
import org.springframework.core.env.Environment

/**
 * Client beans from `switchboard.clients.<name>.*` properties (see the module's README section): a
 * `ChatCompletionClient` named `<name>` and a `SwitchboardClient` named `<name>SwitchboardClient` for each, wrapped
 * with OpenTelemetry when an `OpenTelemetry` bean and `switchboard-opentelemetry` are present, and a `switchboard`
 * health indicator when Actuator is.
 */
@AutoConfiguration(afterName = ["org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"])
@Import(ClientsRegistrar::class)
public class SwitchboardAutoConfiguration {
    /** The factory the client beans come from. */
    @Bean("switchboardClientFactory")
    internal fun switchboardClientFactory(
        environment: Environment,
        customizers: ObjectProvider<SwitchboardLoaderCustomizer>,
        wrappers: ObjectProvider<ClientWrapper>,
    ): ClientFactory = ClientFactory(environment, customizers.orderedStream().toList(), wrappers.orderedStream().toList())

    /** OpenTelemetry GenAI spans and metrics around every client, and the bean bound as `openTelemetry` for documents. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = ["dev.switchboard.opentelemetry.GenAiTelemetry", "io.opentelemetry.api.OpenTelemetry"])
    @ConditionalOnBean(type = ["io.opentelemetry.api.OpenTelemetry"])
    @ConditionalOnProperty(prefix = "switchboard.telemetry", name = ["enabled"], havingValue = "true", matchIfMissing = true)
    public class Telemetry {
        /** Wraps each client with [GenAiTelemetry]. */
        @Bean("switchboardTelemetryWrapper")
        internal fun switchboardTelemetryWrapper(openTelemetry: OpenTelemetry): ClientWrapper {
            val telemetry = GenAiTelemetry.create(openTelemetry)
            return ClientWrapper { _, client -> telemetry.wrap(client) }
        }

        /** Binds the OpenTelemetry bean as `openTelemetry`, for a document's `telemetry` wrapper. */
        @Bean
        public fun switchboardOpenTelemetryBinding(openTelemetry: OpenTelemetry): SwitchboardLoaderCustomizer =
            SwitchboardLoaderCustomizer { it.bind("openTelemetry", openTelemetry) }
    }

    /** The `switchboard` health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = ["org.springframework.boot.actuate.health.HealthIndicator"])
    public class Health {
        /** Reports each client's provider, model and endpoint; spends no tokens. */
        @Bean("switchboardHealthIndicator")
        internal fun switchboardHealthIndicator(factory: ObjectProvider<ClientFactory>, beans: org.springframework.beans.factory.BeanFactory): SwitchboardHealthIndicator =
            SwitchboardHealthIndicator(factory.getObject().documents.keys.toList(), beans)
    }
}
