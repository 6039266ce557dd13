package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import io.notespipeline.schemas.CatalogConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** With {@code --no-auth} the page offers no sign-in and works without a token. */
class WebUiNoAuthIT {

    @TempDir
    Path tmp;

    @Test
    void shouldWorkWithoutATokenWhenAuthIsOff() {
        WebBrowser.assumePageBuilt();
        String dataDir = tmp.resolve("data").toString();
        AppConfig config = new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, dataDir, AppConfig.KAFKA_PORT_CONFIG, 0,
                AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0, AppConfig.AUTH_ENABLED_CONFIG, false));
        try (Pipeline pipeline = Pipeline.start(config, CatalogConfig.defaults(),
                EnumSet.of(Component.REGISTRY, Component.PRODUCER, Component.VIEWS));
             WebBrowser browser = new WebBrowser(tmp.resolve("profile"))) {
            WebUiIT.importVersion(dataDir, "README.v1.md", "2019-10-01T11:28:33-04:00");
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> WebBrowser.notes(dataDir, "talk", WebUiIT.SCIENCE).contains("PyCon's Mosaic")
                            && WebBrowser.notes(dataDir, "talk", "python-data-visualizaton-landscape").contains("VanderPlas"));
            browser.driver.get(pipeline.apiUrl() + "/#/talks?speaker=Jake%20VanderPlas");
            // PyCon 2017 v1 lists two talks by Jake VanderPlas (lines 3 and 471 of README.v1.md), on two partitions:
            // both are awaited above.
            browser.textContains("#talks-summary", "2 talks");
            assertThat(browser.driver.findElement(By.id("login")).isDisplayed()).as("no sign-in offered").isFalse();
            assertThat(browser.driver.findElement(By.id("auth-message")).isDisplayed()).isFalse();
            browser.visible(".talk-item .talk-title");
            browser.driver.findElements(By.cssSelector(".talk-item .talk-title")).stream()
                    .filter(e -> e.getText().contains("Unexpected Effective")).findFirst().orElseThrow().click();
            browser.textContains("#talk-title", "The Unexpected Effective of Python in Science");
            assertThat(browser.visible("#notes").getText()).contains("PyCon's Mosaic");
        }
    }
}
