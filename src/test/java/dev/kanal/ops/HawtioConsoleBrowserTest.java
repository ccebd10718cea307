package dev.kanal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/**
 * An operator in a real (headless Debian) Chromium: the console refuses anonymous access,
 * and after login shows the Camel routes and a dead-letter queue with its message count.
 */
class HawtioConsoleBrowserTest extends KanalIntegrationTest {

    private static final String DLQ = "kanal.test.always-fails.dlq";

    @LocalServerPort int port;
    @Autowired JmsTemplate jms;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1600,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")).toFile())
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws Exception {
        if (browser != null) {
            Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(Path.of("target/screenshots"));
            Files.copy(png, Path.of("target/screenshots/" + test.getTestMethod().orElseThrow().getName() + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            browser.quit();
        }
    }

    @Test
    void anonymousVisitorIsSentToLogin() {
        browser.get(url("/actuator/hawtio/"));
        wait.until(b -> b.getCurrentUrl().endsWith("/login"));
        assertThat(browser.findElements(By.name("password"))).hasSize(1);
        assertThat(browser.getPageSource()).doesNotContain("Hawtio Management Console");
    }

    @Test
    void operatorFindsDeadLetterQueueAndItsMessageCount() throws Exception {
        findDeadLetterQueueAndItsMessageCount("admin", "test-secret");
    }

    /** The operator role reads the console as the admin does: Hawtio's reads (also those made through operations) pass. */
    @Test
    void operatorRoleFindsDeadLetterQueueAndItsMessageCount() throws Exception {
        findDeadLetterQueueAndItsMessageCount("operator", "test-operator-secret");
    }

    private void findDeadLetterQueueAndItsMessageCount(String user, String password) throws Exception {
        jms.convertAndSend("kanal.test.always-fails", "order-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> messageCount() >= 1);

        logIn(user, password);
        browser.get(url("/actuator/hawtio/jmx"));
        WebElement search = wait.until(b -> b.findElements(By.cssSelector("input")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        search.sendKeys("always-fails.dlq");
        // tree order: the address folder, the queue MBean under queues/anycast, the address MBean
        List<WebElement> nodes = wait.until(b -> {
            List<WebElement> found = b.findElements(By.xpath("//*[normalize-space(text())='" + DLQ + "']"));
            return found.size() >= 3 ? found : null;
        });
        nodes.get(1).click();

        wait.until(b -> b.getPageSource().contains("queue=\"" + DLQ + "\""));
        String shown = wait.until(b -> attributeValue(b, "MessageCount"));
        assertThat(Long.parseLong(shown)).isEqualTo(messageCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void operatorSeesTheRoutes() {
        logIn();
        browser.get(url("/actuator/hawtio/camel/routes"));
        wait.until(b -> b.getPageSource().contains("test-always-fails"));
        assertThat(browser.getPageSource()).contains("test-always-fails");
    }

    private void logIn() {
        logIn("admin", "test-secret");
    }

    private void logIn(String user, String password) {
        browser.get(url("/actuator/hawtio/"));
        wait.until(b -> b.findElements(By.name("username")).size() == 1);
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(b -> b.getPageSource().contains("Hawtio Management Console"));
    }

    /** The value cell next to an attribute name in Hawtio's attribute table, or null while absent. */
    private static String attributeValue(WebDriver b, String attribute) {
        List<WebElement> cells = b.findElements(By.xpath(
                "//td[normalize-space(.)='" + attribute + "']/following-sibling::td[1]"));
        return cells.isEmpty() || cells.get(0).getText().isBlank() ? null : cells.get(0).getText().trim();
    }

    private long messageCount() throws Exception {
        ObjectName queue = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
                "org.apache.activemq.artemis:component=addresses,subcomponent=queues,queue=\"" + DLQ + "\",*"), null)
                .iterator().next();
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(queue, "MessageCount");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
