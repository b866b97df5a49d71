package dev.threadline.e2e.stats;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.testkit.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drives a {@link StatsScript} through the ingest service phase by phase, reading the start times the ingest service
 * gave the conversations back from the event log, so that messages can be backdated to known offsets from them.
 */
final class ScriptRun {

    private final StatsScript script;
    private final IngestCommands commands;
    private final String bootstrapServers;
    private final Set<String> ids;
    private int eventsSent;

    ScriptRun(StatsScript script, IngestCommands commands, String bootstrapServers) {
        this.script = script;
        this.commands = commands;
        this.bootstrapServers = bootstrapServers;
        this.ids = script.conversations().stream().map(StatsScript.Conversation::id).collect(Collectors.toSet());
    }

    Set<String> ids() {
        return ids;
    }

    /** Sends the starts and returns each conversation's start time as the ingest service stamped it. */
    Map<String, Instant> start() {
        send(script.starts());
        Map<String, Instant> startedAt = new HashMap<>();
        Eventually.untilPasses(Duration.ofSeconds(60), StatsChecks.RETRY, () -> {
            startedAt.clear();
            for (ConversationEvent event : EventLog.readAll(bootstrapServers)) {
                if (ids.contains(event.getConversationId()) && event.getPayload() instanceof ConversationStarted) {
                    startedAt.put(event.getConversationId(), event.getOccurredAt());
                }
            }
            org.assertj.core.api.Assertions.assertThat(startedAt).as("start events on the log").hasSize(ids.size());
        });
        return startedAt;
    }

    /** Sends the messages once their backdated times are all in the past, and returns them. */
    List<Step> messages(Map<String, Instant> startedAt) {
        Instant latest = startedAt.values().stream().max(Instant::compareTo).orElseThrow().plus(StatsScript.MESSAGE_SPAN);
        long wait = Duration.between(Instant.now(), latest).toMillis() + 100;
        if (wait > 0) {
            StatsApi.pause(wait);
        }
        List<Step> messages = script.messages(startedAt);
        send(messages);
        return messages;
    }

    /** Status changes, reopens and second resolves, a second apart so that cycles have lengths. */
    void statusChanges(List<Step> messages) {
        send(script.firstStatusChanges(messages));
        StatsApi.pause(1_000);
        send(script.reopens());
        StatsApi.pause(1_000);
        send(script.lastStatusChanges());
    }

    void send(List<Step> steps) {
        commands.send(steps, script::viaIntake);
        eventsSent += steps.stream().mapToInt(Step::events).sum();
    }

    /** Waits until every event of the steps sent is on the log (the intake publishes asynchronously); returns the log. */
    List<ConversationEvent> awaitLog() {
        List<List<ConversationEvent>> log = new java.util.ArrayList<>(1);
        Eventually.untilPasses(Duration.ofSeconds(60), StatsChecks.RETRY, () -> {
            List<ConversationEvent> events = EventLog.readAll(bootstrapServers);
            log.clear();
            log.add(events);
            org.assertj.core.api.Assertions.assertThat(events.stream().filter(e -> ids.contains(e.getConversationId())).count())
                    .as("events of the script on the log").isEqualTo(eventsSent);
        });
        return log.getFirst();
    }
}
