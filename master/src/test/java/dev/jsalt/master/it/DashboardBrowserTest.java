package dev.jsalt.master.it;

import dev.jsalt.master.api.ui.UiAuth;
import dev.jsalt.master.keys.KeyState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through its chromedriver) against a real master with
 * three minions on loopback: log in (a wrong token first), accept a pending key, see the fleet, see an event arrive,
 * start a state run and watch it finish, open a result's diff, see an orchestration's steps; a change without the
 * session's CSRF token is refused. Each page is photographed into {@code jsalt.screenshots} (default
 * target/dashboard-screenshots; docs/img holds the copies docs/dashboard.md shows).
 */
class DashboardBrowserTest {
    /** Debian's packages (chromium, chromium-driver); the properties point elsewhere, e.g. to check the skip. */
    private static final Path CHROMIUM = Path.of(System.getProperty("jsalt.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("jsalt.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(25);

    private Fleet fleet;
    private Path fs;
    private WebDriver browser;
    private WebDriverWait wait;
    private String base;
    private Path shots;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver missing: apt-get install chromium chromium-driver (e2e/lab-deps.sh)");
        shots = Files.createDirectories(Path.of(System.getProperty("jsalt.screenshots", "target/dashboard-screenshots")));
        fleet = new Fleet();
        Path tree = Files.createDirectories(fleet.dir.resolve("states"));
        fs = Files.createDirectories(fleet.dir.resolve("fs"));
        Files.writeString(tree.resolve("top.sls"), "base:\n  '*':\n    - web\n");
        Files.writeString(tree.resolve("web.sls"), String.join("\n",
                "motd:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.motd",
                "    - contents: |",
                "        Welcome to {{ grains['id'] }}",
                "        role: {{ grains['role'] }}",
                "hostname:",
                "  cmd.run:",
                "    - name: 'true'",
                "    - unless: 'true'",
                // db1 takes a moment, so the job page shows the run in progress before it completes
                "{% if grains['role'] == 'db' %}",
                "settle:",
                "  cmd.run:",
                "    - name: 'sleep 3'",
                "{% endif %}",
                ""));
        for (String id : List.of("web1", "web2", "db1")) Files.writeString(fs.resolve(id + ".motd"), "Welcome\nrole: old\n");
        fleet.startMaster("state_tree:", "  dir: " + tree);
        fleet.startMinion("web1", "web");
        fleet.startMinion("web2", "web");
        fleet.acceptAndAwaitConnected("web1", "web2");
        fleet.startMinion("db1", "db");
        fleet.awaitKey("db1", KeyState.PENDING);
        base = "http://127.0.0.1:" + fleet.apiPort;

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1100,850", "--no-first-run", "--disable-extensions");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL")); // the page's console, checked at the end
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // pages redraw what they show
    }

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null && Boolean.getBoolean("jsalt.debug.browser")) {
            System.out.println("URL " + browser.getCurrentUrl() + "\n" + browser.getPageSource());
            shot("failure");
        }
        if (browser != null) browser.quit();
        if (fleet != null) fleet.close();
    }

    @Test
    void anOperatorWatchesAndDrivesTheFleetFromTheBrowser() throws Exception {
        // A wrong token is refused: the form again, an error, and no session cookie.
        browser.get(base + "/ui/");
        type(By.id("token"), "0".repeat(64));
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertNull(browser.manage().getCookieNamed(UiAuth.COOKIE));
        shot("login");

        String token = Files.readString(fleet.masterDir().resolve("root/api.token")).strip();
        type(By.id("token"), token);
        browser.findElement(By.id("login")).click();
        page("fleet");
        assertTrue(browser.manage().getCookieNamed(UiAuth.COOKIE).isHttpOnly());

        // Keys: accept db1's pending key, after confirming.
        browser.findElement(By.cssSelector("nav a[data-page=keys]")).click();
        page("keys");
        By accept = By.cssSelector("button[data-action=accept][data-minion=db1]");
        wait.until(ExpectedConditions.elementToBeClickable(accept));
        shot("keys");
        browser.findElement(accept).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
        assertEquals("confirm-cancel", browser.switchTo().activeElement().getAttribute("id"), "the safe choice has the focus");
        shot("keys-confirm");
        // By keyboard: from Cancel to Accept, and Enter.
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertEquals("confirm-ok", browser.switchTo().activeElement().getAttribute("id"));
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(accept));
        await().atMost(WAIT).until(() -> fleet.master.registry().connected("db1"));

        // Fleet: three minions, all connected.
        browser.findElement(By.cssSelector("nav a[data-page=fleet]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "3 minion(s), 3 connected"));

        // The event bus, live: a job's return arrives while the page is open.
        browser.findElement(By.cssSelector("nav a[data-page=events]")).click();
        page("events");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-count"), "Listening"));
        fleet.run("web1", "test.ping", List.of(), Map.of(), 10);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//ol[@id='event-list']//span[@class='tag' and contains(., '/ret/web1')]")));
        shot("events");

        // Jobs: start a state run on every minion and watch it finish.
        browser.findElement(By.cssSelector("nav a[data-page=jobs]")).click();
        page("jobs");
        type(By.id("apply-target"), "*");
        browser.findElement(By.id("apply-start")).click();
        wait.until(ExpectedConditions.urlMatches("#/jobs/\\d{20}$"));
        page("job");
        // Live: web1 and web2 are in while db1 still runs, then db1's return completes it (the job's event stream).
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-progress-label"), "2 of 3 minion(s) settled"));
        assertEquals("false", browser.findElement(By.id("job-progress-label")).getAttribute("data-done"));
        shot("job-running");
        wait.until(ExpectedConditions.attributeToBe(By.id("job-progress-label"), "data-done", "true"));
        assertTrue(browser.findElement(By.id("job-progress-label")).getText().startsWith("3 of 3 minion(s) settled, 3 returned"),
                browser.findElement(By.id("job-progress-label")).getText());
        shot("job");

        // A result, opened: the highstate layout with the file's diff.
        browser.findElement(By.cssSelector("details[data-minion=web2] > summary")).click();
        WebElement diff = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("details[data-minion=web2] pre.diff")));
        assertTrue(diff.getText().contains("+Welcome to web2"), diff.getText());
        assertTrue(diff.findElements(By.cssSelector("span.del")).size() > 0, "removed lines are marked");
        scrollTo(diff);
        shot("job-result");
        assertEquals("Welcome to web2\nrole: web\n", Files.readString(fs.resolve("web2.motd")));

        // The jobs list, filtered: the jobs db1 took part in, then the state runs.
        browser.findElement(By.cssSelector("nav a[data-page=jobs]")).click();
        page("jobs");
        type(By.id("job-filter"), "db1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("caption"), "1 of 2 recent jobs"));
        browser.findElement(By.id("job-filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE); // as a user does: input events
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("caption"), "2 of 2 recent jobs"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#job-fun option[value='state.apply']")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("job-fun"))).selectByValue("state.apply");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("caption"), "1 of 2 recent jobs"));
        shot("jobs");

        // An orchestration run's steps: live while it runs (its events on the bus), then its result.
        String jid = orchestrate(token);
        browser.get(base + "/ui/#/jobs/" + jid);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("orchestration-live"), "slow"));
        assertTrue(browser.findElement(By.id("orchestration-live")).getText().contains("running"),
                browser.findElement(By.id("orchestration-live")).getText());
        assertTrue(browser.findElement(By.id("job-progress-label")).getText().endsWith("step(s) finished — running…"),
                browser.findElement(By.id("job-progress-label")).getText());
        shot("orchestration-running");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-results"), "2 step(s) succeeded"));
        assertEquals("2 of 2 step(s) — done", browser.findElement(By.id("job-progress-label")).getText());
        assertTrue(browser.findElement(By.id("job-results")).getText().contains("ping-all"));
        shot("orchestration");

        // A change without the session's CSRF token is refused, though the cookie goes along.
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/v1/keys/delete', {method: 'POST', credentials: 'same-origin',"
                        + " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({ids: ['web1']})})"
                        + ".then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, status);
        assertTrue(fleet.master.keys().byId("web1").isPresent(), "web1's key is still there");

        // Every form control has a label, on every page that has controls.
        for (String page : List.of("keys", "jobs", "events")) {
            browser.findElement(By.cssSelector("nav a[data-page=" + page + "]")).click();
            page(page);
            Object unlabelled = ((JavascriptExecutor) browser).executeScript(
                    "return [...document.querySelectorAll('main input, main select, main button')]"
                            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())"
                            + ".map(e => e.outerHTML);");
            assertEquals(List.of(), unlabelled, page);
        }

        // A drift check by hand: a test run of the whole highstate. db1's command would run again; web1 and web2 match.
        browser.findElement(By.cssSelector("nav a[data-page=jobs]")).click();
        page("jobs");
        type(By.id("apply-target"), "*");
        browser.findElement(By.id("apply-test")).click();
        browser.findElement(By.id("apply-start")).click();
        page("job");
        wait.until(ExpectedConditions.attributeToBe(By.id("job-progress-label"), "data-done", "true"));

        // The fleet: each minion's last apply and its outcome, and its drift.
        browser.findElement(By.cssSelector("nav a[data-page=fleet]")).click();
        page("fleet");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.xpath("//td[@data-label='Last apply']//a"), 3));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "3 minion(s), 3 connected, 1 drifted"));
        assertTrue(driftCell("db1").contains("drifted: 1 would change"), driftCell("db1"));
        assertTrue(driftCell("web1").contains("no drift"), driftCell("web1"));
        assertTrue(browser.findElement(By.xpath("//tr[td//strong[text()='web2']]/td[@data-label='Last apply']")).getText()
                .contains("ok, 1 changed"));
        browser.findElement(By.cssSelector("summary[data-key='drift-summary-db1']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//details[@data-key='drift-states-db1']//li[text()='settle']")));
        shot("fleet");
        // The page refreshes itself every 5 s; the keyboard focus and an opened detail stay where they were.
        WebElement grains = browser.findElement(By.cssSelector("summary[data-key='grains-summary-web1']"));
        grains.sendKeys(Keys.ENTER);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('fleet-count').dataset.before = 'refresh'");
        wait.until(ExpectedConditions.not(ExpectedConditions.attributeToBe(By.id("fleet-count"), "data-before", "refresh")));
        assertEquals("grains-summary-web1", browser.switchTo().activeElement().getAttribute("data-key"));
        assertTrue(browser.findElement(By.cssSelector("details[data-key='grains-web1'] pre")).getText().contains("\"id\": \"web1\""));

        // On a phone.
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.findElement(By.cssSelector("nav a[data-page=fleet]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "3 minion(s), 3 connected"));
        shot("phone-fleet");
        Object wide = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                        + "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + "
                        + "Math.round(e.getBoundingClientRect().right)).slice(0, 5);");
        assertEquals(List.of(), wide, "nothing wider than the phone's screen (no sideways scrolling)");

        // No script error on any page (the refusals the test provoked are the only failed loads).
        List<String> errors = browser.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).filter(m -> !m.contains("Failed to load resource")).toList();
        assertEquals(List.of(), errors);

        // Log out: back at the login, and the old cookie opens nothing.
        String old = browser.manage().getCookieNamed(UiAuth.COOKIE).getValue();
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/ui/login"));
        assertNull(browser.manage().getCookieNamed(UiAuth.COOKIE));
        HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/keys"))
                .header("Cookie", UiAuth.COOKIE + "=" + old).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, after.statusCode());
    }

    /**
     * Starts a two-step runbook through the API (as `jsalt orchestrate` does: its first step takes 3 s) and returns its
     * job id as soon as the run has started; the rest of its stream is read in the background.
     */
    private String orchestrate(String token) throws Exception {
        String runbook = String.join("\n", "slow:", "  salt.function:", "    - name: cmd.run", "    - tgt: web1",
                "    - arg: ['sleep', '3']", "ping-all:", "  salt.function:", "    - name: test.ping", "    - tgt: '*'",
                "    - require: [slow]", "");
        String body = dev.jsalt.common.json.Json.string(Map.of("file", "deploy.sls", "text", runbook));
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/v1/orchestrate")).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        java.util.Iterator<String> lines = r.body().iterator();
        String first = lines.next();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"jid\":\"(\\d{20})\"").matcher(first);
        assertTrue(m.find(), first);
        Thread drain = new Thread(() -> lines.forEachRemaining(l -> { }), "orchestrate-stream");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
    }

    private String driftCell(String minion) {
        return browser.findElement(By.xpath("//tr[td//strong[text()='" + minion + "']]/td[@data-label='Drift']")).getText();
    }

    private void page(String name) {
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-page", name));
    }

    private void type(By field, String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(field));
        e.clear();
        e.sendKeys(text);
    }

    private void scrollTo(WebElement e) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    }

    private void shot(String name) throws Exception {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve("dashboard-" + name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
