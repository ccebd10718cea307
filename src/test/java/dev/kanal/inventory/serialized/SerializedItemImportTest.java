package dev.kanal.inventory.serialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.inventory.StockChanged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Serialized items in through the admin API and the drop folder, end to end: HTTP with the
 * console login, PostgreSQL, the Camel file route, and stock.changed on the embedded broker.
 */
class SerializedItemImportTest extends SerializedIntegrationTest {

    @Autowired TestRestTemplate http;
    @Autowired SerializedItemLookup lookup;

    private static final String G1 = imei("35693803564380");
    private static final String G2 = imei("35693803564381");
    private static final String G3 = imei("35693803564382");
    private static final String G4 = imei("35693803564383");
    private static final String G5 = "F2LXK0A1HFY7"; // an Apple-style serial: not an IMEI, no Luhn
    private static final String LUHN_FAILS = badImei("35693803564384");
    private static final String UNKNOWN_WAREHOUSE = imei("35693803564385");

    /** Five good rows (lines 2, 3, 4, 6, 8) and three bad ones (5: Luhn, 7: repeat, 9: warehouse). */
    private static final String CSV = """
            serial,product_code,product_name,sku,grade,conditions,warehouse,inventory_status
            %s,IP8P-64,"iPhone 8 Plus 64 GB, rose gold",IP8P-64-A,A,,main,available
            %s,IP8P-64,,IP8P-64-A,A,,outlet,available
            %s,IP8P-64,,IP8P-64-B,B,cracked glass|dent,main,available
            %s,IP8P-64,,IP8P-64-A,A,,main,available
            %s,IPX-256,iPhone X 256 GB,IPX-256-C,C,,main,repair
            %s,IP8P-64,,IP8P-64-B,B,,main,available
            %s,IPX-256,,IPX-256-C,C,,main,available
            %s,IPX-256,,IPX-256-C,C,,basement,available
            """.formatted(G1, G2, G3, LUHN_FAILS, G4, G1, G5, UNKNOWN_WAREHOUSE);

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-secret");
    }

    private ResponseEntity<JsonNode> postCsv(String client, String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return admin().postForEntity("/admin/clients/{client}/serialized-items",
                new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), JsonNode.class, client);
    }

    @Test
    void csvImportReportsBadLinesImportsGoodOnesAndAnnouncesChangedSkus() throws Exception {
        String c = newClient(true).getCode();

        // (a) first import: 5 good rows in, 3 bad rows named with their lines and reasons
        ResponseEntity<JsonNode> first = postCsv(c, CSV);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        ImportReport report = json.treeToValue(first.getBody(), ImportReport.class);
        assertThat(report.imported()).isEqualTo(5);
        assertThat(report.updated()).isZero();
        assertThat(report.problems()).extracting(RowProblem::line, RowProblem::serial, RowProblem::reason).containsExactly(
                tuple(5, LUHN_FAILS, "IMEI '" + LUHN_FAILS + "' fails the Luhn check (a digit is mistyped)"),
                tuple(7, G1, "serial repeated: first given at line 2"),
                tuple(9, UNKNOWN_WAREHOUSE, "unknown warehouse 'basement' for client " + c));
        assertThat(report.changedSkus()).containsExactly("IP8P-64-A", "IP8P-64-B", "IPX-256-C");
        for (String serial : List.of(G1, G2, G3, G4, G5)) {
            assertThat(lookup.find(c, serial)).as(serial).isPresent();
        }
        for (String serial : List.of(LUHN_FAILS, UNKNOWN_WAREHOUSE)) {
            assertThat(lookup.find(c, serial)).as(serial).isEmpty();
        }
        assertThat(lookup.find(c, G1).orElseThrow().warehouse().code()).as("the first of a repeated serial counts")
                .isEqualTo("main");
        assertThat(takeStockChanged(c)).containsExactlyInAnyOrder(
                new StockChanged(c, "IP8P-64-A", "serialized-import", true),
                new StockChanged(c, "IP8P-64-B", "serialized-import", true),
                new StockChanged(c, "IPX-256-C", "serialized-import", true));

        // (b) the same file again: nothing changes, nothing is announced
        ImportReport again = json.treeToValue(postCsv(c, CSV).getBody(), ImportReport.class);
        assertThat(again.imported()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.unchanged()).isEqualTo(5);
        assertThat(again.problems()).extracting(RowProblem::line).containsExactly(5, 7, 9);
        assertThat(again.changedSkus()).isEmpty();
        assertThat(takeStockChanged(c)).isEmpty();

        // (c) one unit moves to another warehouse: only its SKU is announced
        ImportReport moved = json.treeToValue(postCsv(c, """
                IMEI;SKU;Product;Grade;Warehouse;Status
                %s;IP8P-64-A;IP8P-64;A;main;available
                """.formatted(G2)).getBody(), ImportReport.class);
        assertThat(moved).isEqualTo(new ImportReport(0, 1, 0, List.of(), java.util.Set.of("IP8P-64-A")));
        assertThat(takeStockChanged(c)).containsExactly(new StockChanged(c, "IP8P-64-A", "serialized-import", true));

        ResponseEntity<JsonNode> item = admin().getForEntity("/admin/clients/{c}/serialized-items/{s}",
                JsonNode.class, c, G3);
        assertThat(item.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = item.getBody();
        assertThat(body.at("/serial").asText()).isEqualTo(G3);
        assertThat(body.at("/variation/productCode").asText()).isEqualTo("IP8P-64");
        assertThat(body.at("/variation/productName").asText()).isEqualTo("iPhone 8 Plus 64 GB, rose gold");
        assertThat(body.at("/variation/sku").asText()).isEqualTo("IP8P-64-B");
        assertThat(body.at("/variation/grade").asText()).isEqualTo("B");
        assertThat(body.at("/variation/conditions").toString()).isEqualTo("[\"cracked glass\",\"dent\"]");
        assertThat(body.at("/warehouse/code").asText()).isEqualTo("main");
        assertThat(body.at("/inventoryStatus/name").asText()).isEqualTo("Available");
        assertThat(admin().getForEntity("/admin/clients/{c}/serialized-items/{s}", JsonNode.class, c, LUHN_FAILS)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void jsonRowsReportProblemsByArrayIndex() throws Exception {
        String c = newClient(true).getCode();
        String rows = """
                [{"serial": "%s", "productCode": "S9", "sku": "S9-A", "grade": "A", "conditions": ["Dent"],
                  "warehouse": "outlet", "inventoryStatus": "repair"},
                 {"imei": "%s", "product": "S9", "sku": "S9-A", "grade": "A", "warehouse": "main", "status": "sold"},
                 null]
                """.formatted(G1, G2);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<ImportReport> response = admin().postForEntity("/admin/clients/{c}/serialized-items",
                new HttpEntity<>(rows, headers), ImportReport.class, c);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().imported()).isEqualTo(1);
        assertThat(response.getBody().problems()).containsExactly(
                new RowProblem(1, G2, "unknown inventory status 'sold' for client " + c),
                new RowProblem(2, null, "null instead of an item"));
        assertThat(lookup.find(c, G1).orElseThrow().variation().conditions()).containsExactly("dent");
        assertThat(takeStockChanged(c)).extracting(StockChanged::sku).containsExactly("S9-A");
    }

    @Test
    void unknownClientIs404UnreadableBodyIs400AndTheApiNeedsLogin() {
        ResponseEntity<JsonNode> unknown = postCsv("no-such-client", CSV);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().at("/error").asText()).isEqualTo("unknown client 'no-such-client'");
        assertThat(admin().getForEntity("/admin/clients/no-such-client/serialized-items/x", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        String c = newClient(true).getCode();
        ResponseEntity<JsonNode> noColumns = postCsv(c, "serial,sku\n1,2\n");
        assertThat(noColumns.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noColumns.getBody().at("/error").asText())
                .startsWith("unreadable CSV: line 1: missing column(s) product_code, grade, warehouse, inventory_status");

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> badJson = admin().postForEntity("/admin/clients/{c}/serialized-items",
                new HttpEntity<>("[{\"serial\": ", headers), JsonNode.class, c);
        assertThat(badJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badJson.getBody().at("/error").asText()).startsWith("unreadable body:");

        // a script without credentials (a browser would be sent to the login page instead)
        HttpHeaders csv = new HttpHeaders();
        csv.setContentType(MediaType.parseMediaType("text/csv"));
        csv.setAccept(List.of(MediaType.APPLICATION_JSON));
        assertThat(http.postForEntity("/admin/clients/{c}/serialized-items", new HttpEntity<>(CSV, csv),
                String.class, c).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(lookup.find(c, G1)).isEmpty();
    }

    // (d) the drop folder
    @Test
    void aDroppedFileIsImportedArchivedInDoneAndItsReportListsTheBadLines() throws Exception {
        String c = newClient(true).getCode();
        Path folder = Files.createDirectories(DATA_DIR.resolve("inbox/serialized").resolve(c));
        Files.writeString(folder.resolve("stock.csv"), CSV, StandardCharsets.UTF_8);

        Path report = awaitArchived(folder.resolve(".done"), "stock.report.json");
        assertThat(folder.resolve("stock.csv")).doesNotExist();
        assertThat(archived(folder.resolve(".done"), "stock.csv")).isPresent();
        assertThat(Files.readString(archived(folder.resolve(".done"), "stock.csv").get())).isEqualTo(CSV);

        JsonNode json = this.json.readTree(report.toFile());
        assertThat(json.at("/file").asText()).isEqualTo(c + "/stock.csv");
        assertThat(json.at("/client").asText()).isEqualTo(c);
        assertThat(json.at("/outcome").asText()).isEqualTo("DONE");
        assertThat(json.at("/report/imported").asInt()).isEqualTo(5);
        ImportReport importReport = this.json.treeToValue(json.at("/report"), ImportReport.class);
        assertThat(importReport.problems()).extracting(RowProblem::line, RowProblem::serial).containsExactly(
                tuple(5, LUHN_FAILS), tuple(7, G1), tuple(9, UNKNOWN_WAREHOUSE));
        assertThat(importReport.problems().get(2).reason()).isEqualTo("unknown warehouse 'basement' for client " + c);

        assertThat(lookup.find(c, G5)).isPresent();
        assertThat(takeStockChanged(c)).extracting(StockChanged::sku)
                .containsExactlyInAnyOrder("IP8P-64-A", "IP8P-64-B", "IPX-256-C");
    }

    @Test
    void aFileForAnUnknownClientFailsWithAReportSayingWhy() throws Exception {
        String unknown = "no-client-" + System.nanoTime();
        Path folder = Files.createDirectories(DATA_DIR.resolve("inbox/serialized").resolve(unknown));
        Files.writeString(folder.resolve("items.csv"), CSV, StandardCharsets.UTF_8);

        Path report = awaitArchived(folder.resolve(".failed"), "items.report.json");
        assertThat(archived(folder.resolve(".failed"), "items.csv")).isPresent();
        assertThat(archived(folder.resolve(".done"), "items.csv")).isEmpty();
        JsonNode json = this.json.readTree(report.toFile());
        assertThat(json.at("/outcome").asText()).isEqualTo("FAILED");
        assertThat(json.at("/error").asText())
                .isEqualTo("unknown client '" + unknown + "': the folder name must be a client code");
    }

    @Test
    void aFileWithOnlyBadRowsOrOutsideAClientFolderFails() throws Exception {
        String c = newClient(true).getCode();
        Path folder = Files.createDirectories(DATA_DIR.resolve("inbox/serialized").resolve(c));
        Files.writeString(folder.resolve("bad.csv"), "serial,product,sku,grade,warehouse,status\n"
                + LUHN_FAILS + ",P,S,A,main,available\n", StandardCharsets.UTF_8);
        JsonNode bad = json.readTree(awaitArchived(folder.resolve(".failed"), "bad.report.json").toFile());
        assertThat(bad.at("/error").asText()).isEqualTo("no row could be imported");
        assertThat(bad.at("/report/problems/0/line").asInt()).isEqualTo(2);

        Path inbox = DATA_DIR.resolve("inbox/serialized");
        String name = "loose-" + System.nanoTime();
        Files.writeString(inbox.resolve(name + ".csv"), CSV, StandardCharsets.UTF_8);
        JsonNode loose = json.readTree(awaitArchived(inbox.resolve(".failed"), name + ".report.json").toFile());
        assertThat(loose.at("/error").asText()).isEqualTo(
                "put the file in a folder named after the client: inbox/serialized/<client>/" + name + ".csv");
    }

    /** Archived files are named {@code <yyyyMMdd-HHmmss>-<name>}. */
    private static Path awaitArchived(Path folder, String name) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> archived(folder, name), Optional::isPresent).get();
    }

    private static Optional<Path> archived(Path folder, String name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{8}-\\d{6}-" + java.util.regex.Pattern.quote(name)))
                    .findFirst();
        }
    }
}
