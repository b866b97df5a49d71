package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium driven one step at a time: {@code src/test/browser/console-driver.mjs} (playwright-core, Debian's
 * {@code chromium}) reads one JSON command per line and answers one JSON line each. Without chromium or node the test
 * is skipped, unless {@value #REQUIRE} is {@code 1} (CI), where it fails: a browser test must not pass by not running.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String REQUIRE = "THREADLINE_REQUIRE_BROWSER";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Duration NPM_CI = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "\u0000end";

    private final Process driver;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private ConsoleBrowser(Process driver) {
        this.driver = driver;
        this.commands = driver.outputWriter(StandardCharsets.UTF_8);
        BufferedReader lines = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().name("console-driver-out").start(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    answers.add(line);
                }
            } catch (IOException e) {
                // the driver ended
            }
            answers.add(END);
        });
    }

    /** The browser, with the driver's installed dependencies ({@code npm ci} when they are missing); its log in {@code logs}. */
    static ConsoleBrowser start(Path repo, Path logs) throws IOException, InterruptedException {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium + " (apt-get install -y chromium)");
        }
        for (String tool : List.of("node", "npm")) {
            if (!onPath(tool)) {
                missing.add(tool + " (Node.js 20 or newer)");
            }
        }
        if (!missing.isEmpty()) {
            String why = "The ops console's browser test needs " + String.join(", ", missing);
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(why + "; " + REQUIRE + "=1 says it must run");
            }
            assumeTrue(false, why + "; skipped (set " + REQUIRE + "=1 to fail instead)");
        }
        Path browser = repo.resolve("end-to-end-tests").resolve("src").resolve("test").resolve("browser");
        Files.createDirectories(logs);
        if (!Files.isDirectory(browser.resolve("node_modules").resolve("playwright-core"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(browser.toFile())
                    .redirectErrorStream(true).redirectOutput(logs.resolve("npm-ci.log").toFile()).start();
            if (!npm.waitFor(NPM_CI.toSeconds(), TimeUnit.SECONDS) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                fail("npm ci in " + browser + " failed: " + Files.readString(logs.resolve("npm-ci.log")));
            }
        }
        ProcessBuilder node = new ProcessBuilder("node", "console-driver.mjs").directory(browser.toFile())
                .redirectError(logs.resolve("console-driver.log").toFile());
        node.environment().put("CHROMIUM", chromium.toString());
        ConsoleBrowser started = new ConsoleBrowser(node.start());
        started.answer(START, "start");
        return started;
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }

    void open(String url) {
        call(STEP, Map.of("op", "open", "url", url));
    }

    void fill(String selector, String value) {
        call(STEP, Map.of("op", "fill", "selector", selector, "value", value));
    }

    void click(String selector) {
        call(STEP, Map.of("op", "click", "selector", selector));
    }

    String text(String selector) {
        return call(STEP, Map.of("op", "text", "selector", selector));
    }

    /** The element's text once it matches {@code pattern} (a JavaScript regular expression), within {@code wait}. */
    String awaitText(String selector, String pattern, Duration wait) {
        return call(wait.plus(STEP), Map.of("op", "waitText", "selector", selector, "pattern", pattern,
                "timeoutMs", wait.toMillis()));
    }

    void screenshot(Path file) {
        call(STEP, Map.of("op", "screenshot", "path", file.toAbsolutePath().toString()));
    }

    /** What the page logged to its console, and its uncaught errors. */
    String pageLog() {
        return call(STEP, Map.of("op", "log"));
    }

    private String call(Duration wait, Map<String, Object> command) {
        try {
            commands.write(JSON.writeValueAsString(new LinkedHashMap<>(command)) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The browser driver does not take commands any more", e);
        }
        return answer(wait, command.get("op").toString());
    }

    private String answer(Duration wait, String op) {
        String line;
        try {
            line = answers.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for the browser", e);
        }
        if (line == null || line.equals(END)) {
            throw new AssertionError("The browser driver gave no answer to " + op + " within " + wait.toSeconds() + " s"
                    + (line == null ? "" : " (it ended)") + "; see target/console/console-driver.log");
        }
        try {
            JsonNode answer = JSON.readTree(line);
            if (!answer.path("ok").asBoolean()) {
                throw new AssertionError("Browser step " + op + " failed: " + answer.path("error").asText());
            }
            JsonNode value = answer.get("value");
            return value == null || value.isNull() ? null : value.asText();
        } catch (IOException e) {
            throw new AssertionError("The browser driver answered " + op + " with " + line, e);
        }
    }

    @Override
    public void close() {
        try {
            call(STEP, Map.of("op", "close"));
        } catch (RuntimeException | AssertionError e) {
            // ending it below
        }
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driver.destroyForcibly();
        }
    }
}
