package dev.kanal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.onboarding.DryRunClient;
import dev.kanal.ops.deadletters.DeadLetterGroup;
import dev.kanal.ops.deadletters.DeadLetters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An operator runs the shops from Kanal's console in a real (headless Debian) Chromium: logs in,
 * sees both channels' order-importing accounts freshly synced, finds the orders an ERP outage
 * dead-lettered as one group, fixes the ERP, replays the group from the page, sees the orders
 * reach the ERP, the group gone and the replay in the audit under their name, and reads an
 * order's timeline. A screenshot of every page is kept in target/console-screenshots/.
 */
class ConsoleBrowserTest extends KanalIntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final String ACCEPTED_DLQ = "kanal.orders.accepted.dlq";

    @Autowired JdbcTemplate jdbc;
    @Autowired DeadLetters deadLetters;
    ConsoleScenario scenario;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        scenario = new ConsoleScenario(baseUrl(), CLIENT, RUN, jdbc);
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")).toFile())
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() throws Exception {
        scenario.erpFixed();
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorReplaysTheOrdersAnErpOutageDeadLetteredAndReadsATimeline() throws Exception {
        scenario.channelAccountsExist(BM_ORDERS_TOKEN, WOO_ORDERS_KEY, WOO_ORDERS_SECRET);
        logIn("admin", "test-secret");

        // overview: both channels' order-importing accounts, synced seconds ago (they poll every second)
        for (String account : List.of("bm-orders", "woo-orders")) {
            WebElement lastCall = awaitOnReload(By.cssSelector("#account-" + CLIENT + "-" + account + " .last-call"),
                    e -> e.getAttribute("class").contains("fresh") && e.getText().endsWith("s ago"));
            assertThat(lastCall.getText()).matches("\\d+ s ago");
        }
        screenshot("1-overview");
        browser.manage().window().setSize(new Dimension(390, 844)); // a phone
        browser.navigate().refresh();
        screenshot("1-overview-phone");
        browser.manage().window().setSize(new Dimension(1400, 1000));

        // the ERP's gateway fails every order/add: two paid Back Market orders end in the ERP writer's dead-letter queue
        scenario.erpFails("order/add", 1000, 503);
        String sku = scenario.stockInErp(5);
        long first = scenario.imported("bm-orders", scenario.backMarketOrder(BM_ORDERS_TOKEN, sku));
        long second = scenario.imported("bm-orders", scenario.backMarketOrder(BM_ORDERS_TOKEN, sku));
        DeadLetterGroup group = Awaitility.await("both orders dead-lettered").atMost(Duration.ofSeconds(60))
                .until(() -> erpGroupWith(first, second), g -> g != null);
        assertThat(scenario.status(first)).isNotEqualTo("IN_ERP");

        browser.get(url("/console/dead-letters"));
        WebElement card = wait.until(b -> b.findElement(By.id("group-" + group.id())));
        assertThat(card.getText()).contains(ACCEPTED_DLQ).contains("SubiektGatewayUnavailableException")
                .contains("kanal.orders.accepted");
        assertThat(Integer.parseInt(card.findElement(By.cssSelector(".count")).getText())).isGreaterThanOrEqualTo(2);
        screenshot("2-dead-letters");

        // the cause is fixed; one click replays the whole group
        scenario.erpFixed();
        card.findElement(By.cssSelector("form.replay button")).click();
        wait.until(b -> b.findElements(By.id("group-" + group.id())).isEmpty()
                && b.findElements(By.cssSelector("#audit tbody tr")).size() > 0);
        Awaitility.await("replayed orders in the ERP").atMost(Duration.ofSeconds(40))
                .until(() -> "IN_ERP".equals(scenario.status(first)) && "IN_ERP".equals(scenario.status(second)));
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("group-" + group.id()))).isEmpty();
        WebElement audit = browser.findElement(By.cssSelector("#audit tbody tr"));
        assertThat(audit.findElement(By.cssSelector(".actor")).getText()).isEqualTo("admin");
        assertThat(audit.getText()).contains("dead-letters.replay").contains(group.id()).contains("succeeded")
                .contains("sent back to kanal.orders.accepted");
        screenshot("3-dead-letters-replayed");

        // the order's timeline, from the orders page
        browser.get(url("/console/orders?client=" + CLIENT + "&account=bm-orders"));
        wait.until(b -> b.findElement(By.id("order-" + first)));
        screenshot("4-orders");
        browser.findElement(By.cssSelector("#order-" + first + " a")).click();
        List<String> hops = wait.until(b -> {
            List<String> shown = b.findElements(By.cssSelector("#timeline .hop")).stream().map(WebElement::getText).toList();
            return shown.contains("in ERP") ? shown : null;
        });
        assertThat(hops).containsSubsequence("received", "translated", "allocated", "in ERP");
        assertThat(hops).contains("acknowledged (accepted on the channel)");
        assertThat(browser.findElement(By.cssSelector("pre.payload")).getText()).contains("\"order_id\"");
        screenshot("5-order-timeline");

        browser.get(url("/console/listings?client=" + CLIENT + "&account=bm"));
        wait.until(b -> b.findElement(By.cssSelector("table.listings")));
        List<WebElement> why = browser.findElements(By.linkText("why?"));
        if (!why.isEmpty()) {
            why.get(0).click();
            wait.until(b -> b.findElement(By.id("breakdown")));
        }
        screenshot("6-listings");
    }

    /**
     * Onboarding from the console (decision 0036): a new client file with a dry-run account is
     * reloaded from the Listings page, its listings imported as a job, its preview read; the file
     * switched to live and reloaded pushes exactly the previewed changes, checked against what the
     * sandbox seller received.
     */
    @Test
    void aDryRunAccountShowsItsPreviewAndGoingLivePushesExactlyIt() throws Exception {
        DryRunClient onboarded = new DryRunClient("con-dry-" + RUN, CLIENTS_DIR, baseUrl(), jdbc);
        try {
            onboarded.write("dry-run");
            logIn("admin", "test-secret");
            browser.get(url("/console/listings?client=" + CLIENT));
            wait.until(b -> b.findElement(By.cssSelector("form.reload button"))).click();
            // the page reloads after the answer: the reload's audit row says what it did
            wait.until(b -> b.findElements(By.cssSelector("#reloads tbody tr")).stream().findFirst()
                    .map(r -> r.getText().contains("added " + onboarded.id)).orElse(false));
            onboarded.erpStock(java.util.Map.of("P1-" + RUN, 6, "P2-" + RUN, 3, "P3-" + RUN, 1));
            java.util.Map<String, String> ids = onboarded.channelListings(
                    java.util.Map.of("P1-" + RUN, 2, "P2-" + RUN, 3, "P3-" + RUN, 4, "X-" + RUN, 9));
            java.util.Map<String, Integer> before = onboarded.channelQuantities();

            browser.get(url("/console/listings?client=" + onboarded.id + "&account=bm"));
            assertThat(wait.until(b -> b.findElement(By.cssSelector("#mode-bm .mode"))).getText()).isEqualTo("dry-run");
            browser.findElement(By.cssSelector("#mode-bm form.import button")).click();
            wait.until(b -> b.findElements(By.cssSelector("#imports .state")).stream().anyMatch(e -> e.getText().equals("succeeded")));
            screenshot("8-listing-import");

            // the preview: P1 2 -> 6 and P3 4 -> 1 would change, P2 is right, X is unmapped
            WebElement preview = awaitOnReload(By.id("preview"),
                    e -> e.findElement(By.cssSelector(".changes")).getText().equals("2"));
            java.util.Map<String, Integer> previewed = new java.util.HashMap<>();
            for (WebElement row : preview.findElements(By.cssSelector("tr.change"))) {
                String listing = row.findElement(By.cssSelector(".listing")).getText();
                previewed.put(listing, Integer.parseInt(row.findElement(By.cssSelector(".send")).getText()));
                assertThat(row.getText()).contains("on hand");
            }
            assertThat(previewed).isEqualTo(java.util.Map.of(ids.get("P1-" + RUN), 6, ids.get("P3-" + RUN), 1));
            assertThat(preview.findElement(By.cssSelector(".unmapped-count")).getText()).isEqualTo("1");
            assertThat(preview.findElement(By.cssSelector(".unmapped-list")).getText()).contains("X-" + RUN);
            screenshot("9-dry-run-preview");
            browser.manage().window().setSize(new Dimension(390, 844));
            browser.navigate().refresh();
            screenshot("9-dry-run-preview-phone");
            browser.manage().window().setSize(new Dimension(1400, 1000));
            assertThat(onboarded.channelQuantities()).isEqualTo(before);
            assertThat(onboarded.channelStats().path("listingUpdates").asInt()).isZero();

            // live: reload from the page; the sandbox receives exactly the previewed quantities
            onboarded.write("live");
            browser.findElement(By.cssSelector("form.reload button")).click();
            wait.until(b -> b.findElements(By.cssSelector("#reloads tbody tr")).stream().findFirst()
                    .map(r -> r.getText().contains("now live " + onboarded.id + "/bm")).orElse(false));
            java.util.Map<String, Integer> expected = new java.util.HashMap<>(before);
            ids.forEach((sku, id) -> {
                if (previewed.containsKey(id)) {
                    expected.put(sku, previewed.get(id));
                }
            });
            Awaitility.await("previewed changes pushed").atMost(Duration.ofSeconds(30))
                    .until(() -> onboarded.channelQuantities().equals(expected));
            assertThat(onboarded.channelStats().path("listingUpdates").asInt()).isEqualTo(previewed.size());
            browser.get(url("/console/listings?client=" + onboarded.id + "&account=bm"));
            WebElement after = wait.until(b -> b.findElement(By.id("preview")));
            assertThat(after.findElement(By.cssSelector(".changes")).getText()).isEqualTo("0");
            assertThat(browser.findElement(By.cssSelector("#mode-bm .mode")).getText()).isEqualTo("live");
            screenshot("10-live-pushed");
        } finally {
            onboarded.delete();
            scenario.send("POST", "/admin/clients/reload", null, ConsoleScenario.ADMIN);
        }
    }

    @Test
    void aViewerSeesTheConsoleButNoActions() throws Exception {
        logIn("viewer", "test-viewer-secret");
        browser.get(url("/console/dead-letters"));
        wait.until(b -> b.findElement(By.tagName("h1")).getText().equals("Dead letters"));
        assertThat(browser.findElements(By.cssSelector("form.replay"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("form.delete"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Hawtio"))).isEmpty();
        browser.get(url("/console/orders?client=" + CLIENT));
        wait.until(b -> b.findElement(By.tagName("h1")).getText().equals("Orders"));
        assertThat(browser.findElements(By.cssSelector("form[data-api]"))).isEmpty();
        screenshot("7-viewer-orders");
    }

    /** The dead-letter group of the ERP writer's queue that holds both orders, or null while it does not. */
    private DeadLetterGroup erpGroupWith(long first, long second) {
        return deadLetters.groups().stream().filter(g -> g.queue().equals(ACCEPTED_DLQ))
                .filter(g -> deadLetters.messages(g, 1000).stream().map(l -> l.kanalHeaders().get("kanalOrderId")).toList()
                        .containsAll(List.of(String.valueOf(first), String.valueOf(second))))
                .findFirst().orElse(null);
    }

    private void logIn(String user, String password) {
        browser.get(url("/"));
        wait.until(b -> b.findElements(By.name("username")).size() == 1);
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(b -> !b.findElements(By.tagName("h1")).isEmpty() && b.findElement(By.tagName("h1")).getText().equals("Overview"));
    }

    /** Reloads the page until the element matches (the overview is a snapshot of the moment it was read). */
    private WebElement awaitOnReload(By locator, java.util.function.Predicate<WebElement> condition) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(40), Duration.ofSeconds(1)).until(b -> {
                List<WebElement> found = b.findElements(locator);
                if (!found.isEmpty() && condition.test(found.get(0))) {
                    return found.get(0);
                }
                b.navigate().refresh();
                return null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            keepFailedPage("overview-" + locator.toString().replaceAll("\\W+", "-"));
            throw e;
        }
    }

    /** What the browser showed when a wait gave up, next to the screenshots. */
    private void keepFailedPage(String name) {
        try {
            screenshot("failed-" + name);
            Files.writeString(SCREENSHOTS.resolve("failed-" + name + ".html"), browser.getPageSource());
        } catch (Exception ignored) {
            // evidence only: the wait's own failure is what the test reports
        }
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String url(String path) {
        return baseUrl().replace("127.0.0.1", "localhost") + path;
    }
}
