package org.ckansync.console;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (apt-get install chromium chromium-driver): a
 * fresh profile per test, no network of its own (the flags of /work/.library/env/machines/polyglot.md), closed
 * after each test. Nothing is downloaded: Selenium is told where both programs are.
 */
public final class Chromium implements AfterEachCallback {
    static final String BROWSER = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
    private ChromeDriver driver;
    private Path profile;

    /** The browser, started on first use. */
    public ChromeDriver driver() {
        if (driver == null) {
            if (!new File(BROWSER).canExecute() || !new File(DRIVER).canExecute()) {
                throw new IllegalStateException("no " + BROWSER + " or " + DRIVER + ": apt-get install -y chromium chromium-driver");
            }
            try {
                profile = Files.createTempDirectory("ckan-sync-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-GB");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        }
        return driver;
    }

    public WebElement waitFor(String css) {
        return new WebDriverWait(driver(), Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text contains the given text, and returns it. */
    public WebElement waitForText(String css, String text) {
        new WebDriverWait(driver(), Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver().findElement(By.cssSelector(css));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(js, args);
    }

    /**
     * A PNG of the whole page, 1280 pixels wide, into the folder named by -Dconsole.screenshots (the browser profile
     * sets docs/), else target/: the viewport is made as tall as the page (Chrome's device metrics) for the shot.
     */
    public Path screenshot(String file) {
        long height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", Math.min(3000, height), "deviceScaleFactor", 1, "mobile", false));
        try {
            byte[] png = driver().getScreenshotAs(OutputType.BYTES);
            Path dir = Path.of(System.getProperty("console.screenshots", "target"));
            Files.createDirectories(dir);
            return Files.write(dir.resolve(file), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            profile = null;
        }
    }
}
