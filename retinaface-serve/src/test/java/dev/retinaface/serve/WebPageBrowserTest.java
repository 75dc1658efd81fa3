package dev.retinaface.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.zoo.ModelSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page in headless Chromium (Selenium): an uploaded selfie shows as many faces as the API returns, and the
 * webcam mode, fed a .y4m made from the selfie through Chromium's fake camera, draws results and shows FPS.
 * Screenshots go to target/screenshots/. Skips only when chromium or chromedriver is not installed.
 */
class WebPageBrowserTest {

    private static FaceModel model;
    private static FaceService service;
    private static Path selfie;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(executable("chromium") != null && executable("chromedriver") != null,
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver); "
                        + "skipping the browser test");
        selfie = SharedData.resolve("images/selfie.jpg");
        model = FaceModel.load(ModelSource.file("mobilenet0.25", SharedData.resolve("weights/mobilenet0.25_Final.pth")),
                RuntimeConfig.defaults().withThreads(1));
        Map<String, DetectorFactory> models = new LinkedHashMap<>();
        models.put(model.name(), model::detector);
        service = new FaceService(ServiceConfig.defaults().withPort(0), models).start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static WebDriver browser(String... extra) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium").toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--use-fake-ui-for-media-stream");
        options.addArguments(extra);
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(driverService, options);
    }

    private static Path screenshot(WebDriver driver, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertTrue(ImageIO.read(file.toFile()).getWidth() > 0);
        return file;
    }

    @Test
    void uploadShowsAsManyFacesAsTheApiReturns() throws Exception {
        ServiceHarness client = null;
        var response = ServiceHarness.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + service.port() + "/v1/detect?min_score=0.5"))
                .header("Content-Type", "image/jpeg")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(selfie)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        int expected = new ObjectMapper().readTree(response.body()).get("faces").size();
        assertTrue(expected > 10, "the selfie has many faces");
        WebDriver driver = browser();
        try {
            driver.get("http://127.0.0.1:" + service.port() + "/");
            driver.findElement(By.id("file")).sendKeys(selfie.toAbsolutePath().toString());
            new WebDriverWait(driver, Duration.ofSeconds(120)).until(d ->
                    d.findElement(By.id("faces")).getAttribute("data-count") != null);
            int rows = driver.findElements(By.cssSelector("#faces tbody tr")).size();
            assertEquals(expected, rows, "faces in the table at the default slider 0.5");
            assertEquals(String.valueOf(expected), driver.findElement(By.id("faces")).getAttribute("data-count"));
            screenshot(driver, "serve-upload.png");
            driver.findElement(By.id("show-blur")).click();
            new WebDriverWait(driver, Duration.ofSeconds(120)).until(d ->
                    !d.findElements(By.cssSelector("#extra img")).isEmpty());
        } finally {
            driver.quit();
        }
    }

    @Test
    void webcamModeDrawsResultsAndShowsFps() throws Exception {
        Path video = Path.of("target", "selfie.y4m");
        Files.createDirectories(video.getParent());
        Y4mWriter.write(ImageIO.read(selfie.toFile()), 640, 390, 10, video);
        WebDriver driver = browser("--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + video.toAbsolutePath());
        try {
            driver.get("http://127.0.0.1:" + service.port() + "/");
            driver.findElement(By.id("mode-webcam")).click();
            driver.findElement(By.id("cam-start")).click();
            try {
                new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> {
                    String frames = d.findElement(By.tagName("body")).getAttribute("data-cam-frames");
                    return frames != null && Integer.parseInt(frames) >= 3;
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                screenshot(driver, "serve-webcam-failed.png");
                throw new AssertionError("no webcam results; page status: '"
                        + driver.findElement(By.id("cam-status")).getText() + "'", e);
            }
            double fps = Double.parseDouble(driver.findElement(By.id("fps")).getText());
            int faces = Integer.parseInt(driver.findElement(By.id("cam-faces")).getText());
            assertTrue(fps > 0, "FPS shown: " + fps);
            assertTrue(faces > 0, "faces drawn from the fake camera: " + faces);
            assertTrue(Integer.parseInt(driver.findElement(By.id("latency")).getText()) > 0);
            screenshot(driver, "serve-webcam.png");
        } finally {
            driver.quit();
        }
    }
}
