package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.Ledger;
import java.util.HashMap;
import java.util.Map;

/**
 * What one step of the benchmark did: the rate it offered, when its load ran, what ingest answered, whether the load
 * was stopped early and how long the consumers then took to catch up. What the samplers saw in that time is added by
 * {@link StepFigures}.
 *
 * @param name              {@code warm-up} or {@code step N}
 * @param offeredMessages   messages per second offered
 * @param offeredCommands   commands per second sent (the mix's messages are {@link PipelineSettings#commandsPerSecond} of them)
 * @param workers           concurrent senders
 * @param startNanos        the load's start, {@link System#nanoTime()}
 * @param endNanos          when the last batch of the load was answered
 * @param startMillis       the same as epoch milliseconds (GC logs)
 * @param endMillis         the same as epoch milliseconds
 * @param counts            acknowledged and unacknowledged commands of the load
 * @param answers           batch answers by kind ({@code http-202}, {@code http-503}, {@code connection:...})
 * @param stoppedEarly      why the load was stopped before its time, or null
 * @param drainSeconds      from the end of the load until thread-service and stats-streams had caught up (lag
 *                          under half the lag limit); null if they had not within the drain time
 * @param searchDrained     whether the search indexer had caught up too by then
 */
record StepResult(String name, int offeredMessages, int offeredCommands, int workers, long startNanos, long endNanos,
                  long startMillis, long endMillis, Ledger.Counts counts, Map<String, Long> answers, String stoppedEarly,
                  Double drainSeconds, boolean searchDrained) {

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    boolean warmup() {
        return name.equals("warm-up");
    }

    /** Batch answers other than 2xx ({@code POST /v1/batch} answers 202), counted in batches. */
    long failedBatches() {
        return answers.entrySet().stream().filter(e -> !e.getKey().startsWith("http-2")).mapToLong(Map.Entry::getValue).sum();
    }

    /** {@code after} minus {@code before}, answer by answer. */
    static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new HashMap<>();
        after.forEach((kind, n) -> {
            long d = n - before.getOrDefault(kind, 0L);
            if (d != 0) {
                difference.put(kind, d);
            }
        });
        return difference;
    }
}
