package dev.threadline.e2e.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes one report of a chaos run: {@code <name>.md} for people (a table of every scenario, then each scenario's
 * fault actions, answers and violations) and {@code <name>.json} for machines (settings and every outcome in full).
 */
final class ChaosReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    private ChaosReport() {
    }

    static Path write(Path dir, String name, ChaosSettings settings, List<ScenarioOutcome> outcomes, double seconds) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("finishedAt", Instant.now().toString());
            json.put("seconds", seconds);
            json.put("settings", Map.of("faultRate", settings.faultRate(), "warmupSeconds", settings.warmup().toSeconds(),
                    "loadSeconds", settings.load().toSeconds(),
                    "faultAfterSeconds", settings.faultAfter().toSeconds(), "downtimeSeconds", settings.downtime().toSeconds(),
                    "outageSeconds", settings.outage().toSeconds(), "batchSize", settings.batchSize(),
                    "workers", settings.workers(), "catchUpSeconds", settings.catchUp().toSeconds(),
                    "rates", settings.rates()));
            json.put("passed", outcomes.stream().allMatch(ScenarioOutcome::passed));
            json.put("scenarios", outcomes.stream().map(o -> Map.of("outcome", o, "violations", o.violations())).toList());
            JSON.writeValue(dir.resolve(name + ".json").toFile(), json);
            Path markdown = dir.resolve(name + ".md");
            Files.writeString(markdown, markdown(name, settings, outcomes, seconds));
            return markdown;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String markdown(String name, ChaosSettings settings, List<ScenarioOutcome> outcomes, double seconds) {
        StringBuilder md = new StringBuilder("# Chaos report: ").append(name).append("\n\n");
        md.append(String.format("Finished %s after %.0f s. Warm-up %d s per stack, load %d s per scenario, fault after %d s,"
                        + " batches of %d, %d senders.%n%n",
                Instant.now(), seconds, settings.warmup().toSeconds(), settings.load().toSeconds(), settings.faultAfter().toSeconds(), settings.batchSize(),
                settings.workers()));
        md.append("| scenario | rate/s | acknowledged | ack. messages | stored | lost | duplicated | dead-lettered (good/all) "
                + "| unacked but stored | counter drift | stats differ | recovery s | 202 again after s | lag < 2 s after s | catch-up s "
                + "| max lag thread/stats | max lag s thread/stats | thread without progress s | verdict |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---:|---:|---:|---:|---|---|---:|---|\n");
        for (ScenarioOutcome o : outcomes) {
            md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %s | %s | %d | %s | %s | %s | %s | %.1f | %d / %d | %s / %s | %.1f | %s |%n",
                    o.name(), o.rate(), o.acknowledged(), o.acknowledgedMessages(), o.stored(), o.lost(), o.duplicated(),
                    deadLetters(o), o.unackedButStored().isEmpty() ? "0" : o.unackedButStored().toString(),
                    o.counterDrift() + o.participantDrift() + o.readHorizonViolations(),
                    o.stats() == null ? "-" : o.stats().mismatched() + " of " + o.stats().checked()
                            + (o.stats().skippedAsAmbiguous() > 0 ? " (" + o.stats().skippedAsAmbiguous() + " skipped)" : ""),
                    o.recoverySeconds() != null ? String.format("%.1f", o.recoverySeconds())
                            : o.faulted() ? "not within the run" : "-",
                    o.ackAgainSeconds() != null ? String.format("%.1f", o.ackAgainSeconds()) : "-",
                    o.lagUnderTwoSeconds() != null ? String.format("%.1f", o.lagUnderTwoSeconds())
                            : o.faulted() ? "not within the run" : "-", o.catchUpSeconds(),
                    o.maxThreadLag(), o.maxStatsLag(), seconds(o.maxThreadAgeMillis()), seconds(o.maxStatsAgeMillis()),
                    o.longestStallSeconds(), o.passed() ? "pass" : "**FAIL**"));
        }
        md.append("\nCounter drift: conversations and participants that differ from a recount, plus acknowledged reads not in "
                + "the read horizon. Stats: conversations compared with the reference; skipped ones had an unacknowledged "
                + "command, which may or may not have been executed. Lags in offsets and in seconds (age of the oldest record not "
                + "applied yet); recovery as in Recovery; \"lag < 2 s after\" counts from the end of the fault's last "
                + "action (the restart answered, the outage ended) until both consumers were less than 2 s behind; \"202 again "
                + "after\" from then until ingest's next 202 (- when the fault ended after the load); \"thread without progress\" "
                + "is the longest time thread-service had records waiting and stored no new offset (a dead service or database "
                + "included), to compare with Kafka's max.poll.interval.ms (300 s).\n");
        for (ScenarioOutcome o : outcomes) {
            md.append("\n## ").append(o.name()).append("\n\n").append(o.description()).append(".\n\n");
            md.append("- answers: ").append(o.answers()).append('\n');
            md.append("- unacknowledged commands: ").append(o.unacknowledged()).append('\n');
            md.append("- fault: ").append(o.faultActions().isEmpty() ? "none" : String.join("; ", o.faultActions())).append('\n');
            md.append("- thread-service dead letters: ").append(o.threadDeadLetters()).append('\n');
            md.append("- stats-streams dead letters: ").append(o.statsDeadLetters()).append('\n');
            md.append("- lost starts ").append(o.lostStarts()).append(", counter drift ").append(o.counterDrift())
                    .append(", participant drift ").append(o.participantDrift()).append(", read horizons behind ")
                    .append(o.readHorizonViolations()).append('\n');
            if (o.stats() != null && o.stats().firstMismatch() != null) {
                md.append("- first stats difference: ").append(o.stats().firstMismatch()).append('\n');
            }
            List<String> violations = o.violations();
            md.append("- verdict: ").append(violations.isEmpty() ? "pass"
                    : "FAIL: " + violations.stream().collect(Collectors.joining("; "))).append('\n');
        }
        return md.toString();
    }

    private static String seconds(long millis) {
        return millis < 0 ? "-" : String.format("%.1f", millis / 1000.0);
    }

    private static String deadLetters(ScenarioOutcome o) {
        long good = (o.threadDeadLetters() == null ? 0 : o.threadDeadLetters().acknowledgedEvents())
                + (o.statsDeadLetters() == null ? 0 : o.statsDeadLetters().acknowledgedEvents());
        long all = (o.threadDeadLetters() == null ? 0 : o.threadDeadLetters().total())
                + (o.statsDeadLetters() == null ? 0 : o.statsDeadLetters().total());
        return good + " / " + all;
    }
}
