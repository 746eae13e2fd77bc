package dev.switchboard.java;

import dev.switchboard.apidump.ApiDump;
import org.junit.jupiter.api.Test;

/** The public API of switchboard-java is the one committed in {@code api/switchboard-java.api}: a change to it is deliberate. */
class ApiDumpTest {
    @Test
    void thePublicApiMatchesTheCommittedDump() {
        ApiDump.check("switchboard-java");
    }
}
