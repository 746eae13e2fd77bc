package dev.switchboard.spring.boot.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.java.Clients
import dev.switchboard.java.SwitchboardClient
import org.springframework.beans.factory.BeanFactory
import org.springframework.beans.factory.support.BeanDefinitionRegistry
import org.springframework.beans.factory.support.RootBeanDefinition
import org.springframework.context.EnvironmentAware
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar
import org.springframework.core.env.Environment
import org.springframework.core.type.AnnotationMetadata
import java.util.function.Supplier

/**
 * Registers, for each `switchboard.clients.<name>`, a [ChatCompletionClient] bean `<name>` and a [SwitchboardClient]
 * bean `<name>SwitchboardClient`, both closed with the context; primary when there is one client or it says
 * `primary: true`.
 */
internal class ClientsRegistrar : ImportBeanDefinitionRegistrar, EnvironmentAware {
    private lateinit var environment: Environment

    override fun setEnvironment(environment: Environment) {
        this.environment = environment
    }

    override fun registerBeanDefinitions(metadata: AnnotationMetadata, registry: BeanDefinitionRegistry) {
        val docs = ClientDocuments.read(environment)
        val marked = docs.filter { it.primary }
        if (marked.size > 1) {
            throw dev.switchboard.spring.boot.SwitchboardConfigurationException(
                ClientDocuments.PREFIX,
                "more than one client says primary: true (${marked.joinToString(", ") { it.name }}); mark at most one",
            )
        }
        val factory = registry as BeanFactory
        for (doc in docs) {
            val primary = doc.primary || (docs.size == 1)
            val client = RootBeanDefinition(ChatCompletionClient::class.java, Supplier {
                factory.getBean(ClientFactory::class.java).client(doc.name)
            })
            client.isPrimary = primary
            client.destroyMethodName = "close"
            registry.registerBeanDefinition(doc.name, client)
            val java = RootBeanDefinition(SwitchboardClient::class.java, Supplier {
                Clients.wrap(factory.getBean(doc.name, ChatCompletionClient::class.java))
            })
            java.isPrimary = primary
            java.destroyMethodName = "close"
            registry.registerBeanDefinition("${doc.name}SwitchboardClient", java)
        }
    }
}
