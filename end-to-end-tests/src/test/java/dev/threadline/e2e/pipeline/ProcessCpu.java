package dev.threadline.e2e.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of each component over a time window, from the {@link ProcessSampler}'s samples at its edges: cores
 * = CPU seconds used ÷ wall seconds (1.0 is one core busy all the time), from the first sample at or after the
 * window's start to the last at or before its end.
 */
record ProcessCpu(Map<String, Double> cores, double machineBusyCores, double stealCores, Map<String, Double> rssPeakMb) {

    static ProcessCpu between(List<ProcessSampler.Sample> samples, long fromNanos, long toNanos, long ticksPerSecond) {
        List<ProcessSampler.Sample> in = samples.stream()
                .filter(s -> s.atNanos() >= fromNanos && s.atNanos() <= toNanos).toList();
        Map<String, Double> rss = new LinkedHashMap<>();
        in.forEach(s -> s.rssKb().forEach((name, kb) -> rss.merge(name, kb / 1024.0, Math::max)));
        if (in.size() < 2) {
            return new ProcessCpu(Map.of(), -1, -1, rss);
        }
        ProcessSampler.Sample first = in.getFirst();
        ProcessSampler.Sample last = in.getLast();
        double seconds = (last.atNanos() - first.atNanos()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        first.ticks().forEach((name, before) -> {
            Long after = last.ticks().get(name);
            if (before >= 0 && after != null && after >= before) {
                cores.put(name, (after - before) / (double) ticksPerSecond / seconds);
            }
        });
        // /proc/stat counts the ticks of all CPUs; busy time includes the steal time the hypervisor took.
        double busy = (last.machineBusy() - first.machineBusy()) / (double) ticksPerSecond / seconds;
        double steal = (last.machineSteal() - first.machineSteal()) / (double) ticksPerSecond / seconds;
        return new ProcessCpu(cores, busy, steal, rss);
    }
}
