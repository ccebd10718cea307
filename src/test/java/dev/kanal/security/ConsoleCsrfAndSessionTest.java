package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CSRF on the console and the admin API: a change made with the session cookie needs the token
 * (admin API and Jolokia alike), a script's request with its own Basic credentials does not;
 * no answer ever asks a browser for Basic credentials; the session cookie is SameSite=Lax and HttpOnly.
 */
class ConsoleCsrfAndSessionTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConsoleClient console = new ConsoleClient(baseUrl());
    private final String release = "/admin/clients/" + CLIENT + "/orders/held/release?reason=" + ConsoleClient.enc("nothing held for this");
    /** An operation that is not a read: the admin's, audited. */
    private final String jolokiaExec = "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Threading\",\"operation\":\"findDeadlockedThreads\"}";

    @Test
    void aSessionPostToTheAdminApiNeedsTheCsrfToken() throws Exception {
        ConsoleClient.Session admin = console.logIn("admin", "test-secret");

        assertThat(admin.send("POST", release, null, false).statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = admin.send("POST", release, null, true);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(withToken.body()).path("held").asInt()).isZero();
    }

    @Test
    void aScriptWithBasicCredentialsNeedsNoToken() throws Exception {
        assertThat(console.send("POST", release, ConsoleClient.basic("admin", "test-secret"), null).statusCode()).isEqualTo(200);
        assertThat(console.send("POST", release, ConsoleClient.basic("operator", "test-operator-secret"), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aJolokiaExecThroughTheSessionNeedsTheToken() throws Exception {
        ConsoleClient.Session admin = console.logIn("admin", "test-secret");

        assertThat(admin.send("POST", "/actuator/jolokia", jolokiaExec, false).statusCode()).isEqualTo(403);
        assertThat(admin.send("POST", "/actuator/hawtio/jolokia", jolokiaExec, false).statusCode()).isEqualTo(403);

        for (String path : List.of("/actuator/jolokia", "/actuator/hawtio/jolokia")) {
            HttpResponse<String> answer = admin.send("POST", path, jolokiaExec, true);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("status").asInt()).as(path).isEqualTo(200);
        }
    }

    @Test
    void jolokiaChangesGoByPostOnly() throws Exception {
        String admin = ConsoleClient.basic("admin", "test-secret");
        assertThat(console.send("GET", "/actuator/jolokia/exec/java.lang:type=Threading/findDeadlockedThreads", admin, null)
                .statusCode()).isEqualTo(405);
        assertThat(console.send("GET", "/actuator/hawtio/jolokia/write/java.lang:type=Threading/ThreadCpuTimeEnabled/true",
                admin, null).statusCode()).isEqualTo(405);
        assertThat(console.send("GET", "/actuator/jolokia/?p=" + ConsoleClient.enc("/exec/java.lang:type=Memory/gc"), admin, null)
                .statusCode()).isEqualTo(405);
        HttpResponse<String> read = console.send("GET", "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", admin, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void theSessionCookieIsSameSiteLaxAndHttpOnly() throws Exception {
        ConsoleClient.Session admin = console.logIn("admin", "test-secret");

        String session = admin.login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(session).containsIgnoringCase("; SameSite=Lax").containsIgnoringCase("; HttpOnly")
                .as("served over http: not Secure").doesNotContainIgnoringCase("Secure");
        String token = admin.login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN=") && !c.startsWith("XSRF-TOKEN=;")).findFirst().orElseThrow();
        assertThat(token).as("scripts of the console read the token").doesNotContainIgnoringCase("HttpOnly")
                .containsIgnoringCase("; SameSite=Lax");
    }

    @Test
    void noAnswerAsksForBasicCredentials() throws Exception {
        HttpResponse<String> script = console.send("GET", "/admin/audit", null, null, "Accept", "application/json");
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> xhr = console.send("POST", "/actuator/hawtio/jolokia", null, "{\"type\":\"version\"}",
                "Accept", "application/json", "X-Requested-With", "XMLHttpRequest");
        assertThat(xhr.statusCode()).isEqualTo(401);
        assertThat(xhr.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> curl = console.send("GET", "/actuator/hawtio/jolokia/version", null, null, "Accept", "*/*");
        assertThat(curl.statusCode()).as("scripts/demo-smoke.sh").isEqualTo(401);
        assertThat(curl.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> anonymousChange = console.send("POST", release, null, null, "Accept", "application/json");
        assertThat(anonymousChange.statusCode()).as("no session, no credentials: unauthenticated").isEqualTo(401);
        assertThat(anonymousChange.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> wrong = console.send("GET", "/admin/audit", ConsoleClient.basic("nobody-" + RUN, "wrong"), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> page = console.send("GET", "/actuator/hawtio/", null, null, "Accept", "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }
}
