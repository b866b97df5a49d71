package dev.threadline.e2e.chaos;

import dev.threadline.e2e.stats.StatsApi;
import dev.threadline.e2e.stats.StatsChecks;
import dev.threadline.e2e.stats.StatsInstance;
import dev.threadline.e2e.stats.StatsReference;
import dev.threadline.events.ConversationEvent;
import dev.threadline.testkit.Eventually;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares stats-streams' per-conversation metrics with {@link StatsReference} computed from the acknowledged events
 * alone. At most {@code sample} conversations are compared (the first ones started, so every kind of history is in
 * it), none with an unacknowledged command: such a command may have been executed (a timed-out request) or not, so
 * the reference cannot know that conversation; the comparison is retried until it passes or the time is up, then the conversations that still differ are
 * counted and the first difference is kept for the report.
 */
public final class StatsAudit {

    /** How many conversations were compared and how many differ. */
    public record Findings(int checked, int mismatched, int skippedAsAmbiguous, String firstMismatch) {
    }

    private StatsAudit() {
    }

    public static Findings audit(URI stats, List<ConversationEvent> acknowledged, Set<String> ambiguous, int sample,
                          Duration settle) {
        StatsReference reference = StatsReference.of(acknowledged, StatsInstance.WINDOWS);
        Set<String> ids = new LinkedHashSet<>();
        Set<String> skipped = new java.util.HashSet<>();
        for (ConversationEvent event : acknowledged) {
            if (ids.size() >= sample) {
                break;
            }
            if (ambiguous.contains(event.getConversationId())) {
                skipped.add(event.getConversationId());
            } else {
                ids.add(event.getConversationId());
            }
        }
        StatsApi api = new StatsApi(stats);
        try {
            Eventually.untilPasses(settle, StatsChecks.RETRY, () -> StatsChecks.conversationsMatch(api, reference, ids));
            return new Findings(ids.size(), 0, skipped.size(), null);
        } catch (AssertionError settled) {
            List<String> differing = new ArrayList<>();
            String first = null;
            for (String id : ids) {
                try {
                    StatsChecks.conversationsMatch(api, reference, List.of(id));
                } catch (AssertionError e) {
                    differing.add(id);
                    first = first == null ? String.join(" ", e.getMessage().strip().lines().limit(4).toList()) : first;
                }
            }
            return new Findings(ids.size(), differing.size(), skipped.size(), first);
        }
    }
}
