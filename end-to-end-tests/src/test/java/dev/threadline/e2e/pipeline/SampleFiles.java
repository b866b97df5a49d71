package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.LagSampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The CSV files of a run, every sample with its time in seconds since the run began and the step it fell into
 * ({@code -} between steps): {@code lag.csv}, {@code latency.csv} (one row per probe) and {@code cpu.csv} (one row per
 * component and second).
 */
final class SampleFiles {

    private SampleFiles() {
    }

    static void write(PipelineRun.Result run) {
        Path out = run.settings().out();
        StringBuilder lag = new StringBuilder("t_s,step,thread_records,thread_s,stats_records,stats_s,search_records,search_s\n");
        for (LagSampler.Sample s : run.lags()) {
            lag.append(String.format(Locale.ROOT, "%.1f,%s,%d,%s,%d,%s,%d,%s%n", t(run, s.atNanos()), step(run, s.atNanos()),
                    s.threadLag(), age(s.threadAgeMillis()), s.statsLag(), age(s.statsAgeMillis()), s.searchLag(),
                    age(s.searchAgeMillis())));
        }
        StringBuilder latency = new StringBuilder("sent_order,step,partition,conversation_id,message_id,acked_t_s,"
                + "to_read_model_ms,to_metrics_ms,sent_to_ack_ms,sent_to_read_model_ms,sent_to_metrics_ms,failed\n");
        int order = 0;
        for (VisibilityProbes.Probe p : run.probes()) {
            latency.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s%n", order++,
                    p.ackedNanos < 0 ? "-" : step(run, p.ackedNanos), p.partition, p.conversationId, p.messageId,
                    p.ackedNanos < 0 ? "" : String.format(Locale.ROOT, "%.3f", t(run, p.ackedNanos)),
                    since(p.ackedNanos, p.threadNanos), p.expectedMessages < 0 ? "unknown" : since(p.ackedNanos, p.statsNanos),
                    since(p.sentNanos, p.ackedNanos), since(p.sentNanos, p.threadNanos),
                    p.expectedMessages < 0 ? "unknown" : since(p.sentNanos, p.statsNanos), p.failed));
        }
        StringBuilder cpu = new StringBuilder("t_s,step,component,cores,rss_mb\n");
        List<ProcessSampler.Sample> samples = run.processes();
        for (int i = 1; i < samples.size(); i++) {
            ProcessSampler.Sample before = samples.get(i - 1);
            ProcessSampler.Sample now = samples.get(i);
            double seconds = (now.atNanos() - before.atNanos()) / 1e9;
            for (String component : now.ticks().keySet()) {
                long was = before.ticks().getOrDefault(component, -1L);
                long is = now.ticks().get(component);
                String cores = was < 0 || is < was ? "" : String.format(Locale.ROOT, "%.3f",
                        (is - was) / (double) run.ticksPerSecond() / seconds);
                Long rss = now.rssKb().get(component);
                cpu.append(String.format(Locale.ROOT, "%.1f,%s,%s,%s,%s%n", t(run, now.atNanos()), step(run, now.atNanos()),
                        component, cores, rss == null || rss < 0 ? "" : String.format(Locale.ROOT, "%.1f", rss / 1024.0)));
            }
        }
        try {
            Files.writeString(out.resolve("lag.csv"), lag);
            Files.writeString(out.resolve("latency.csv"), latency);
            Files.writeString(out.resolve("cpu.csv"), cpu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double t(PipelineRun.Result run, long nanos) {
        return (nanos - run.startNanos()) / 1e9;
    }

    private static String step(PipelineRun.Result run, long nanos) {
        return run.steps().stream().filter(s -> nanos >= s.startNanos() && nanos <= s.endNanos())
                .map(s -> s.name().replace(' ', '-')).findFirst().orElse("-");
    }

    private static String age(long millis) {
        return millis < 0 ? "" : String.format(Locale.ROOT, "%.3f", millis / 1e3);
    }

    private static String since(long ackedNanos, long seenNanos) {
        return ackedNanos < 0 || seenNanos < 0 ? "" : String.format(Locale.ROOT, "%.1f", (seenNanos - ackedNanos) / 1e6);
    }
}
