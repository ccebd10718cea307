package dev.kanal.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which reloads are announced to the other nodes, and how a node follows one. */
class ClientReloadBroadcastTest {

    private final List<String> announced = new ArrayList<>();

    @Test
    void aReloadThatChangedSomethingIsAnnouncedWithThisNodesName() {
        Reloads reloads = new Reloads(changed("acme/bm"));
        ClientReloadBroadcast broadcast = new ClientReloadBroadcast(reloads, (node, summary) -> announced.add(node + " | " + summary), "a");

        ClientReload.Outcome outcome = broadcast.reloadHere();

        assertThat(outcome.otherNodesTold()).isTrue();
        assertThat(outcome.changed()).containsExactly("acme/bm");
        assertThat(announced).containsExactly("a | added none; changed acme/bm; removed none");
        assertThat(reloads.count).isEqualTo(1);
    }

    @Test
    void aReloadThatChangedNothingOrWasRefusedIsNotAnnounced() {
        ClientReloadBroadcast unchanged = new ClientReloadBroadcast(new Reloads(nothing()), (n, s) -> announced.add(s), "a");
        ClientReloadBroadcast refused = new ClientReloadBroadcast(
                new Reloads(ClientReload.Outcome.refused(List.of("acme.yaml: id: missing"))), (n, s) -> announced.add(s), "a");

        assertThat(unchanged.reloadHere().otherNodesTold()).isFalse();
        ClientReload.Outcome outcome = refused.reloadHere();
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.otherNodesTold()).isFalse();
        assertThat(announced).isEmpty();
    }

    @Test
    void aBrokerThatCannotBeReachedLeavesThisNodesReloadAndSaysTheOthersWereNotTold() {
        ClientReloadBroadcast broadcast = new ClientReloadBroadcast(new Reloads(changed("acme")), (n, s) -> {
            throw new IllegalStateException("connection refused");
        }, "a");

        ClientReload.Outcome outcome = broadcast.reloadHere();

        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.changed()).containsExactly("acme");
        assertThat(outcome.otherNodesTold()).isFalse();
    }

    @Test
    void anotherNodesAnnouncementReloadsThisNodeWithoutAnnouncingAgain() {
        Reloads reloads = new Reloads(changed("acme/bm"));
        ClientReloadBroadcast broadcast = new ClientReloadBroadcast(reloads, (n, s) -> announced.add(s), "b");

        ClientReload.Outcome outcome = broadcast.follow("a", "changed acme/bm");

        assertThat(reloads.count).isEqualTo(1);
        assertThat(outcome.changed()).containsExactly("acme/bm");
        assertThat(announced).as("a follower never announces: no echo round the cluster").isEmpty();
    }

    @Test
    void itsOwnAnnouncementComingBackIsIgnored() {
        Reloads reloads = new Reloads(changed("acme/bm"));
        ClientReloadBroadcast broadcast = new ClientReloadBroadcast(reloads, (n, s) -> announced.add(s), "a");

        assertThat(broadcast.follow("a", "changed acme/bm")).isNull();
        assertThat(reloads.count).isZero();
    }

    @Test
    void aFollowerThatFailsKeepsGoingAndSaysWhy() {
        ClientReload failing = new Reloads(null) {
            @Override
            public synchronized ClientReload.Outcome reload() {
                throw new IllegalStateException("database gone");
            }
        };
        ClientReloadBroadcast broadcast = new ClientReloadBroadcast(failing, (n, s) -> announced.add(s), "b");

        ClientReload.Outcome outcome = broadcast.follow("a", "changed acme");

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.problems()).containsExactly("reload failed on this node: database gone");
    }

    @Test
    void nodeNamesDifferBetweenTwoBroadcastsInOneProcess() {
        assertThat(ClientReloadBroadcast.defaultNodeName()).isNotEqualTo(ClientReloadBroadcast.defaultNodeName())
                .contains("@");
    }

    private static ClientReload.Outcome changed(String what) {
        return new ClientReload.Outcome(true, List.of(), List.of(), List.of(what), List.of(), List.of(), false);
    }

    private static ClientReload.Outcome nothing() {
        return new ClientReload.Outcome(true, List.of(), List.of(), List.of(), List.of(), List.of(), false);
    }

    /** A reload that answers as told and counts its calls (the files and database are the integration test's). */
    private static class Reloads extends ClientReload {
        private final ClientReload.Outcome answer;
        int count;

        Reloads(ClientReload.Outcome answer) {
            super(null, null, List.of(), null, null, null);
            this.answer = answer;
        }

        @Override
        public synchronized ClientReload.Outcome reload() {
            count++;
            return answer;
        }
    }
}
