package dev.switchboard.azure.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.switchboard.auth.AccessTokenProvider;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Azure Identity adapter as Java code sees it: a TokenCredential lambda in, an AccessTokenProvider out. */
class AzureIdentityJavaApiTest {
    @Test
    void anyTokenCredentialBecomesATokenProvider() {
        OffsetDateTime expiry = OffsetDateTime.of(2031, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        TokenCredential credential = request -> Mono.just(new AccessToken("java-" + "entra-" + request.getScopes().get(0), expiry));
        AccessTokenProvider provider = AzureIdentityTokens.provider(credential);
        assertEquals("java-entra-https://cognitiveservices.azure.com/.default", provider.getToken().getToken());
        assertEquals(expiry.toInstant(), provider.getToken().getExpiresAt());
        assertEquals("java-entra-api://custom/.default", AzureIdentityTokens.provider(credential, "api://custom/.default").getToken().getToken());
    }
}
