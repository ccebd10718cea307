package dev.kanal.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The rules of the clients health component, on the demo client (source polled every 5 s). */
class ClientHealthTest {

    private static final ClientConfig ACME = new ClientConfigLoader(key -> null).load(Path.of("clients", "acme.yaml"));
    private static final ChannelAccountConfig BM = ACME.account("backmarket-fr").orElseThrow();
    private static final ChannelAccountConfig WOO = ACME.account("woo-main").orElseThrow();
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    private final ClientHealth judge = new ClientHealth(HealthProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC),
            NOW.minus(Duration.ofHours(1)));

    @Test
    void aSourcePolledRecentlyIsUpWithTheAgeOfItsLastGoodPoll() {
        Health health = judge.source(ACME, sources(new HealthState.SourceState(NOW.minusSeconds(4), null, null)));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("lastGoodPollAgeSeconds", 4L).containsEntry("pollInterval", "PT5S");
    }

    @Test
    void aSourceWhoseLastGoodPollIsOlderThanThreeIntervalsIsDown() {
        Health health = judge.source(ACME, sources(new HealthState.SourceState(NOW.minusSeconds(16), null, null)));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).contains("older than 3 poll intervals");
    }

    @Test
    void aSourceWhoseLastPollFailedIsDownWithTheFailure() {
        Health health = judge.source(ACME, sources(new HealthState.SourceState(NOW.minusSeconds(4), NOW.minusSeconds(1),
                "login refused: password authentication failed")));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).contains("the last poll failed: login refused");
    }

    @Test
    void aSourceNeverPolledIsUnknownAtFirstAndDownOnceItShouldHaveBeen() {
        HealthState.Snapshot nothing = sources(null);
        ClientHealth justStarted = new ClientHealth(HealthProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), NOW.minusSeconds(2));

        assertThat(justStarted.source(ACME, nothing).getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(judge.source(ACME, nothing).getStatus()).isEqualTo(Status.DOWN);
        assertThat(judge.source(ACME, nothing).getDetails()).containsEntry("reason", "no good poll recorded");
    }

    @Test
    void stateThatCannotBeReadIsDownSayingWhy() {
        HealthState.Snapshot unreadable = new HealthState.Snapshot(Map.of(), Map.of(), NOW, "health state not read: no answer within 1500 ms");

        assertThat(judge.source(ACME, unreadable).getStatus()).isEqualTo(Status.DOWN);
        assertThat(judge.account(ACME.id(), BM, unreadable).getDetails().get("error").toString()).contains("no answer within 1500 ms");
    }

    @Test
    void anAccountWhoseCredentialsWereRefusedIsDownAtTheFirstFailure() {
        Health health = judge.account(ACME.id(), BM, account("backmarket-fr", new HealthState.AccountState(NOW.minusSeconds(600), 1,
                NOW.minusSeconds(3), FailureKind.AUTH, "channel refused the credentials (401): unauthorized", null, null)));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("failureKind", "auth").containsEntry("consecutiveFailures", 1)
                .containsEntry("lastSuccessAgeSeconds", 600L)
                .containsEntry("reason", "channel refused the credentials (401): unauthorized");
    }

    @Test
    void anOutageIsDownOnlyAfterSeveralFailuresInARow() {
        HealthState.AccountState twice = new HealthState.AccountState(NOW.minusSeconds(60), 2, NOW, FailureKind.OTHER, "503", null, null);
        HealthState.AccountState thrice = new HealthState.AccountState(NOW.minusSeconds(60), 3, NOW, FailureKind.OTHER, "503", null, null);

        assertThat(judge.account(ACME.id(), BM, account("backmarket-fr", twice)).getStatus()).isEqualTo(Status.UP);
        assertThat(judge.account(ACME.id(), BM, account("backmarket-fr", thrice)).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void anAccountBackToSuccessIsUpAndKeepsItsLastFailureForTheRecord() {
        Health health = judge.account(ACME.id(), BM, account("backmarket-fr", new HealthState.AccountState(NOW, 0,
                NOW.minusSeconds(30), null, "channel refused the credentials (401)", null, null)));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("consecutiveFailures", 0).doesNotContainKey("failureKind")
                .containsKey("lastFailure");
    }

    @Test
    void anAccountNeverCalledIsUnknown() {
        assertThat(judge.account(ACME.id(), BM, account("other", HealthState.AccountState.NONE)).getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void aRegisteredWebhookThatNeverDeliveredIsVisible() {
        Instant registered = NOW.minusSeconds(3600);
        Health health = judge.account(ACME.id(), WOO, account("woo-main",
                new HealthState.AccountState(NOW, 0, null, null, null, registered, null)));

        assertThat(health.getDetails()).containsEntry("webhook", "registered at " + registered + ", no verified delivery yet")
                .doesNotContainKey("lastWebhookAt");
        Health delivered = judge.account(ACME.id(), WOO, account("woo-main",
                new HealthState.AccountState(NOW, 0, null, null, null, registered, NOW.minusSeconds(5))));
        assertThat(delivered.getDetails()).containsEntry("lastWebhookAgeSeconds", 5L)
                .containsEntry("webhook", "last verified delivery at " + NOW.minusSeconds(5));
        assertThat(judge.account(ACME.id(), BM, account("backmarket-fr", HealthState.AccountState.NONE)).getDetails())
                .as("an account without webhooks says nothing of them").doesNotContainKey("webhook");
    }

    private static HealthState.Snapshot sources(HealthState.SourceState source) {
        return new HealthState.Snapshot(source == null ? Map.of() : Map.of(ACME.id(), source), Map.of(), NOW, null);
    }

    private static HealthState.Snapshot account(String account, HealthState.AccountState state) {
        return new HealthState.Snapshot(Map.of(), Map.of(ACME.id() + "/" + account, state), NOW, null);
    }
}
