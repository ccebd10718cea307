package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client's return rules (docs/decisions/0023): read, defaulted, and every mistake named by field. */
class ReturnRulesConfigTest {

    private final ClientConfigLoader loader = new ClientConfigLoader(name -> null);

    @TempDir
    Path dir;

    @Test
    void rulesAreReadByReasonWithAfterInspectionAsTheDefault() {
        ClientConfig client = loader.load(write(dir, "shop.yaml", validWith("inventory-statuses: [available, repair]", """
                inventory-statuses: [available, repair]
                returns:
                  - reasons: [faulty-on-opening, failed-at-first-use]
                    unit-status: repair
                  - reasons: [withdrawal]
                    unit-status: available
                    restock: on-receipt""")));

        assertThat(client.returnRule(ReturnReason.FAULTY_ON_OPENING)).hasValueSatisfying(rule -> {
            assertThat(rule.unitStatus()).isEqualTo("repair");
            assertThat(rule.restock()).isEqualTo(Restock.AFTER_INSPECTION);
        });
        assertThat(client.returnRule(ReturnReason.WITHDRAWAL).orElseThrow().restock()).isEqualTo(Restock.ON_RECEIPT);
        assertThat(client.returnRule(ReturnReason.LOST_PARCEL)).isEmpty();
    }

    @Test
    void aClientWithoutRulesHasNone() {
        assertThat(loader.load(write(dir, "shop.yaml", ClientFiles.VALID)).returns()).isEmpty();
    }

    @Test
    void unknownReasonsUndeclaredStatusesAndAReasonInTwoRulesAreNamed() {
        Path file = write(dir, "shop.yaml", validWith("inventory-statuses: [available, repair]", """
                inventory-statuses: [available, repair]
                returns:
                  - reasons: [faulty-on-opening]
                    unit-status: regrading
                  - reasons: [withdrawl, faulty-on-opening]
                    unit-status: repair
                    restock: later
                  - reasons: []
                    unit-status: repair"""));

        ClientConfigException e = catchThrowableOfType(() -> loader.load(file), ClientConfigException.class);

        assertThat(e.problems()).extracting(ClientConfigException.Problem::describe).anySatisfy(p -> assertThat(p)
                        .startsWith("returns[0].unit-status: inventory status 'regrading' is not in this client's inventory-statuses"))
                .anySatisfy(p -> assertThat(p).startsWith("returns[1].reasons[0]:").contains("withdrawl", "withdrawal"))
                .anySatisfy(p -> assertThat(p).startsWith("returns[1].restock:").contains("on-receipt", "after-inspection"))
                .anySatisfy(p -> assertThat(p).startsWith("returns[2].reasons:"));
    }

    @Test
    void aReasonInTwoRulesIsNamedWithTheRuleThatHasIt() {
        Path file = write(dir, "shop.yaml", validWith("inventory-statuses: [available, repair]", """
                inventory-statuses: [available, repair]
                returns:
                  - {reasons: [faulty-on-opening], unit-status: repair}
                  - {reasons: [withdrawal, faulty-on-opening], unit-status: available}"""));

        ClientConfigException e = catchThrowableOfType(() -> loader.load(file), ClientConfigException.class);

        assertThat(e.problems()).extracting(ClientConfigException.Problem::describe).containsExactly(
                "returns[1].reasons[1]: reason 'faulty-on-opening' is already covered by returns[0]; a returned unit must have one rule");
    }
}
