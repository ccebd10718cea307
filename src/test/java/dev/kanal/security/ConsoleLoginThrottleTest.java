package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * After 5 failed logins within a minute, per user and per client address, further attempts
 * (login form and Basic alike, right password or not) answer 429 with Retry-After, and the
 * throttling is logged with user and address, never the password. Each test uses its own
 * loopback addresses and user names, so no other test is throttled.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleLoginThrottleTest extends KanalIntegrationTest {

    private final ConsoleClient console = new ConsoleClient(baseUrl());

    @Test
    void theSixthBadLoginOfOneUserFromAnyAddressAnswers429(CapturedOutput log) throws Exception {
        String user = "ghost-" + RUN;
        String password = "wrong-" + RUN;
        for (int i = 1; i <= 5; i++) {
            assertThat(basic("127.0.0.4" + i, user, password).status()).as("failure %d", i).isEqualTo(401);
        }

        ConsoleClient.RawAnswer sixth = basic("127.0.0.46", user, password);
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(Integer.parseInt(sixth.header("Retry-After").orElseThrow())).isBetween(1, 60);
        ConsoleClient.RawAnswer form = formLogin("127.0.0.47", user, password);
        assertThat(form.status()).as("the login form too").isEqualTo(429);
        assertThat(form.header("Retry-After")).isPresent();

        assertThat(basic("127.0.0.46", "admin", "test-secret").status()).as("another user from that address").isEqualTo(200);
        assertThat(log.getOut()).contains("Login throttled", "user " + user).doesNotContain(password);
    }

    @Test
    void theSixthBadLoginFromOneAddressAnswers429EvenWithTheRightPassword(CapturedOutput log) throws Exception {
        String address = "127.0.0.51";
        for (int i = 1; i <= 5; i++) {
            ConsoleClient.RawAnswer failed = formLogin(address, "guess-" + i + "-" + RUN, "wrong-" + RUN);
            assertThat(failed.status()).as("failure %d", i).isEqualTo(302);
            assertThat(failed.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }

        ConsoleClient.RawAnswer sixth = basic(address, "admin", "test-secret");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(Integer.parseInt(sixth.header("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(sixth.body()).contains("Too many failed logins");
        assertThat(formLogin(address, "admin", "test-secret").status()).isEqualTo(429);

        assertThat(basic("127.0.0.52", "admin", "test-secret").status()).as("another address").isEqualTo(200);
        assertThat(log.getOut()).contains("Login throttled", "address " + address).doesNotContain("wrong-" + RUN);
    }

    private ConsoleClient.RawAnswer basic(String from, String user, String password) throws Exception {
        return console.fromAddress(from, "GET", "/admin/audit?limit=1",
                Map.of("Authorization", ConsoleClient.basic(user, password), "Accept", "application/json"), null);
    }

    /** The login form's POST; the CSRF token is double-submit (cookie and field), so any value both carry passes. */
    private ConsoleClient.RawAnswer formLogin(String from, String user, String password) throws Exception {
        String token = "t-" + RUN;
        return console.fromAddress(from, "POST", "/login",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie", "XSRF-TOKEN=" + token),
                "username=" + ConsoleClient.enc(user) + "&password=" + ConsoleClient.enc(password) + "&_csrf=" + token);
    }
}
