package io.notespipeline.app;

import static io.notespipeline.app.WebBrowser.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import io.notespipeline.schemas.CatalogConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web page in headless Chromium against a real pipeline (auth on) with the PyCon 2017 notes imported
 * v1 → v2 → v3 at their commit times: sign in, search with typos, read a talk, go back in its history,
 * see its activity plotted and the audit complete. Each screen's screenshot lands in target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {

    static final Path DATA = Path.of("..", "..", "shared", "data", "pycon_2017").toAbsolutePath().normalize();
    static final Path FALLBACK = Path.of("..", "producer", "src", "test", "resources", "pycon_2017");
    static final String SCIENCE = "the-unexpected-effective-of-python-in-science";

    @TempDir
    static Path tmp;
    static Pipeline pipeline;
    static String dataDir;
    static WebBrowser browser;

    @BeforeAll
    static void start() {
        WebBrowser.assumePageBuilt();
        dataDir = tmp.resolve("data").toString();
        pipeline = Pipeline.start(new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, dataDir, AppConfig.KAFKA_PORT_CONFIG, 0,
                AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0)), CatalogConfig.defaults(),
                EnumSet.allOf(Component.class));
        importVersion(dataDir, "README.v1.md", "2019-10-01T11:28:33-04:00");
        importVersion(dataDir, "README.v2.md", "2019-10-01T13:35:58-04:00");
        importVersion(dataDir, "README.v3.md", "2019-10-01T13:56:16-04:00");
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> notes(dataDir, "talk", SCIENCE).split("!\\[", -1).length - 1 == 7);
        browser = new WebBrowser(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    static void importVersion(String dataDir, String file, String at) {
        Path real = DATA.resolve(file);
        notes(dataDir, "import", (Files.exists(real) ? real : FALLBACK.resolve(file)).toString(),
                "--at", at, "--author", "I-Kang Ding");
    }

    @Test
    @Order(1)
    void shouldAskForATokenAndSayClearlyWhenOneIsWrong() throws Exception {
        browser.driver.get(pipeline.apiUrl() + "/");
        browser.textContains("#auth-message", "This server needs an API token");
        signIn("not-the-token");
        browser.textContains("#auth-message", "The server refused this token (invalid token)");
        assertThat(browser.visible("#talks").getText()).contains("Cannot list the talks").contains("invalid token");
        browser.screenshot("sign-in");
    }

    @Test
    @Order(2)
    void shouldFindTheScienceTalkDespiteTyposAndShowItAsMarkdown() throws Exception {
        signIn(Files.readString(Path.of(dataDir, ApiTokens.ADMIN_TOKEN_FILE)).trim());
        browser.textContains("#talks-summary", "21 talks");
        assertThat(browser.driver.findElements(By.cssSelector(".talk-item"))).as("a page of ten").hasSize(10);
        assertThat(browser.visible("#page-of").getText()).isEqualTo("page 1 of 3");
        browser.screenshot("talks");

        browser.visible("#search").sendKeys("Pyhton scince");
        browser.textContains("#talks-summary", "for “Pyhton scince”");
        WebElement first = browser.visible(".talk-item .talk-title");
        assertThat(first.getText()).isEqualTo("The Unexpected Effective of Python in Science");
        first.click();

        browser.textContains("#talk-title", "The Unexpected Effective of Python in Science");
        assertThat(browser.visible("#speakers").getText()).isEqualTo("Jake VanderPlas");
        assertThat(browser.visible("#links").findElements(By.tagName("a"))).extracting(e -> e.getText())
                .containsExactly("Slide Deck", "Video");
        WebElement notesBox = browser.visible("#notes");
        assertThat(notesBox.findElements(By.tagName("img"))).as("v2 added the photos").hasSize(7);
        assertThat(notesBox.findElements(By.cssSelector("li li")).size()).as("nested notes").isGreaterThan(5);
        assertThat(browser.visible("#contributors").getText()).contains("I-Kang Ding");
        assertThat(browser.visible("#revision").getText()).containsPattern("revision \\d+");
        browser.screenshot("talk");
    }

    @Test
    @Order(3)
    void shouldShowTheTalkAsItStoodBeforeThePhotosAndTheDifference() throws Exception {
        browser.visible("#tab-history").click();
        assertThat(browser.visible("#timeline").findElements(By.cssSelector("tbody tr")).size()).isGreaterThan(10);
        WebElement asOf = browser.visible("#asof");
        asOf.clear();
        asOf.sendKeys("2019-10-01T16:00:00Z", Keys.ENTER);
        browser.textContains("#asof-label", "as of 2019-10-01 16:00:00 UTC");
        WebElement past = browser.visible("#asof-view #notes");
        assertThat(past.getText()).contains("PyCon's Mosaic");
        assertThat(past.findElements(By.tagName("img"))).as("v1 had no images").isEmpty();
        WebElement diff = browser.visible("#diff .added");
        assertThat(diff.getText()).as("the last version's changes against the one before").startsWith("+ ");
        browser.screenshot("history");
        browser.driver.executeScript("document.getElementById('diff').scrollIntoView()");
        browser.screenshot("history-diff");
    }

    @Test
    @Order(4)
    void shouldPlotTheTalksActivityAndThePipelines() throws Exception {
        browser.visible("#tab-activity").click();
        assertThat(drawnPoints()).as("v1's hour and v2/v3's hour").isEqualTo(2);
        browser.screenshot("activity");
        browser.driver.get(pipeline.apiUrl() + "/#/activity");
        assertThat(drawnPoints()).as("published and applied, in the imports' hours").isGreaterThanOrEqualTo(2);
        browser.screenshot("pipeline-activity");
    }

    @Test
    @Order(5)
    void shouldShowTheAuditCompleteWithLagAndHealth() throws Exception {
        browser.driver.get(pipeline.apiUrl() + "/#/pipeline");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.visible("#audit-summary").getText()).contains("every event reached every tier"));
        String summary = browser.visible("#audit-summary").getText();
        assertThat(summary).matches("(?s)(\\d+) of \\1 buckets complete · 0 pending · 0 incomplete.*");
        assertThat(browser.visible("#health").getText()).contains("status").contains("UP");
        assertThat(browser.visible("#audit").findElements(By.cssSelector("tbody tr"))).isNotEmpty();
        browser.visible("#rejected");
        browser.screenshot("pipeline");
    }

    private static void signIn(String token) {
        WebElement field = browser.visible("#token");
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    /** Waits for the chart; @return its data points, after checking Chart.js painted pixels on the canvas. */
    private static int drawnPoints() {
        WebElement canvas = browser.visible("canvas#activity-chart[data-points]");
        Object painted = browser.driver.executeScript("const c = arguments[0]; const d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) "
                + "{ if (d[i] > 0) n++; } return n;", canvas);
        assertThat(((Number) painted).longValue()).as("painted pixels").isGreaterThan(1000);
        return Integer.parseInt(canvas.getAttribute("data-points"));
    }
}
