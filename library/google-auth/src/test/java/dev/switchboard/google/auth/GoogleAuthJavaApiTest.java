package dev.switchboard.google.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.switchboard.auth.AccessTokenProvider;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The google-auth adapter as Java code sees it: GoogleCredentials in, an AccessTokenProvider out. */
class GoogleAuthJavaApiTest {
    @Test
    void anyGoogleCredentialsBecomeATokenProvider() {
        Instant expiry = Instant.parse("2031-01-01T00:00:00Z");
        GoogleCredentials credentials = GoogleCredentials.create(new AccessToken("test-token-java", Date.from(expiry)));
        AccessTokenProvider provider = GoogleAuthTokens.provider(credentials);
        assertEquals("test-token-java", provider.getToken().getToken());
        assertEquals(expiry, provider.getToken().getExpiresAt());
        assertEquals("test-token-java", GoogleAuthTokens.provider(credentials, List.of("https://www.googleapis.com/auth/custom")).getToken().getToken());
        assertEquals("https://www.googleapis.com/auth/cloud-platform", GoogleAuthTokens.CLOUD_PLATFORM_SCOPE);
        assertThrows(IllegalArgumentException.class, () -> GoogleAuthTokens.provider(credentials, List.of(" ")));
    }
}
