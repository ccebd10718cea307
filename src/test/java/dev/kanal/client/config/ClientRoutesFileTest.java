package dev.kanal.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes files (decision 0037): generated from a client file, checked against it by validate. */
class ClientRoutesFileTest {

    private static final Path ACME = Path.of("clients", "acme.yaml");
    private static final Path ACME_ROUTES = Path.of("routes", "clients", "acme.camel.yaml");
    private final ClientConfigLoader loader = new ClientConfigLoader(name -> null);

    @Test
    void theDemosRoutesFileDeclaresEveryRouteOfItsClientFile() throws Exception {
        ClientConfig acme = loader.load(ACME);
        assertThat(ClientRoutesFile.drift(acme, ClientRoutesFile.read(ACME_ROUTES)))
                .as("routes/clients/acme.camel.yaml is out of step with clients/acme.yaml: regenerate it with "
                        + "`java -jar target/kanal.jar routes --force clients/acme.yaml` (or ./mvnw -q exec:java "
                        + "-Dexec.mainClass=dev.kanal.KanalApplication -Dexec.args=\"routes --force clients/acme.yaml\")")
                .isEmpty();
    }

    @Test
    void aSubiektClientGetsItsThreeSourcePollsAndAnOrderPollPerAccountThatImportsOrders() {
        ClientConfig acme = loader.load(ACME);
        assertThat(ClientRoutePlan.of(acme)).extracting(ClientRoutePlan.PlannedRoute::routeId).containsExactly(
                "source-poll-acme", "shipment-poll-acme", "invoice-poll-acme",
                "order-poll-acme-backmarket-fr", "order-poll-acme-woo-main", "order-poll-acme-walmart-us",
                "order-poll-acme-baselinker-allegro");
        assertThat(ClientRoutePlan.of(acme, account -> account.type() == ChannelType.BACKMARKET))
                .extracting(ClientRoutePlan.PlannedRoute::routeId).doesNotContain("order-poll-acme-woo-main");
    }

    @Test
    void driftNamesAMissingRouteARouteOfAnUnknownAccountAndAnotherClient(@TempDir Path dir) throws Exception {
        ClientConfig acme = loader.load(ACME);
        String edited = ClientRoutesFile.render(acme)
                .replace("routeId: order-poll-acme-woo-main", "routeId: order-poll-acme-woo-gone")
                .replace("routeId: invoice-poll-acme\n    parameters:\n      - name: clientId\n        value: \"acme\"",
                        "routeId: invoice-poll-acme\n    parameters:\n      - name: clientId\n        value: \"other\"");
        Path file = Files.writeString(dir.resolve("acme.camel.yaml"), edited);

        assertThat(ClientRoutesFile.drift(acme, ClientRoutesFile.read(file))).containsExactly(
                "no route order-poll-acme-woo-main (order-poll), which the client file calls for",
                "route order-poll-acme-woo-gone is for an account or source the client file does not poll",
                "a templated route names client 'other'; this file declares the routes of 'acme'");
    }

    @Test
    void aRouteWrittenOutWithTheSameIdStillDeclaresIt(@TempDir Path dir) throws Exception {
        ClientConfig acme = loader.load(ACME);
        String text = ClientRoutesFile.render(acme).replaceAll("(?s)- templatedRoute:\n    routeTemplateRef: order-poll\n    routeId: order-poll-acme-woo-main.*?(?=- templatedRoute:|\\z)",
                "- route:\n    id: order-poll-acme-woo-main\n    from:\n      uri: \"quartz:kanal-order-poll/acme-woo-main\"\n      steps:\n        - log: polled\n");
        assertThat(ClientRoutesFile.drift(acme, ClientRoutesFile.read(Files.writeString(dir.resolve("acme.camel.yaml"), text)))).isEmpty();
    }

    @Test
    void theCommandWritesTheFileAndKeepsAnExistingOneUnlessForced(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("routes-out");
        assertThat(run("--out", out.toString(), ACME.toString())).isEqualTo(ValidateCommand.VALID);
        Path written = out.resolve("acme.camel.yaml");
        assertThat(Files.readString(written)).isEqualTo(ClientRoutesFile.render(loader.load(ACME)));

        Files.writeString(written, "# my own steps\n");
        assertThat(run("--out", out.toString(), ACME.toString())).isEqualTo(ValidateCommand.INVALID);
        assertThat(Files.readString(written)).isEqualTo("# my own steps\n");
        assertThat(run("--force", "--out", out.toString(), ACME.toString())).isEqualTo(ValidateCommand.VALID);
        assertThat(Files.readString(written)).startsWith("# Routes of client acme");
    }

    @Test
    void validateReportsDriftAndARoutesFileOfAClientWithNoClientFile(@TempDir Path dir) throws Exception {
        Path clients = Files.createDirectories(dir.resolve("clients"));
        Files.copy(ACME, clients.resolve("acme.yaml"));
        Path routes = Files.createDirectories(dir.resolve("routes").resolve("clients"));
        Files.writeString(routes.resolve("acme.camel.yaml"),
                ClientRoutesFile.render(loader.load(ACME)).replace("order-poll-acme-woo-main", "order-poll-acme-woo-old"));
        Files.writeString(routes.resolve("gone.camel.yaml"), "[]\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new ValidateCommand(name -> null, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .execute(clients.toString()); // routes/clients next to the clients folder
        String report = out.toString(StandardCharsets.UTF_8);

        assertThat(code).isEqualTo(ValidateCommand.INVALID);
        assertThat(report).contains("no route order-poll-acme-woo-main (order-poll)")
                .contains("route order-poll-acme-woo-old is for an account or source the client file does not poll")
                .contains("gone.camel.yaml: routes of client 'gone', which has no client file here")
                .contains("regenerate it");
    }

    private int run(String... args) {
        return new ClientRoutesCommand(Map.<String, String>of()::get, new PrintStream(new ByteArrayOutputStream()), System.err).execute(args);
    }
}
