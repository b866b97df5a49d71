package dev.threadline.e2e.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Samples, once a second, the CPU time and resident memory of every component from {@code /proc}: user plus system
 * time of each process ({@code /proc/<pid>/stat} fields 14 and 15, all threads), and for PostgreSQL the postmaster
 * with its living backends (its children) and the CPU time of the backends that already exited (the postmaster's
 * {@code cutime} and {@code cstime}). Resident memory is {@code VmRSS} of {@code /proc/<pid>/status}, for the JVMs
 * only (PostgreSQL's backends share their memory). The machine's busy and steal time come from {@code /proc/stat}.
 */
final class ProcessSampler implements AutoCloseable {

    static final String POSTGRES = "postgres";

    /** One sample: ticks and kB by component name, machine ticks ({@code busy} includes steal). */
    record Sample(long atNanos, long wallMillis, Map<String, Long> ticks, Map<String, Long> rssKb, long machineBusy,
                  long machineSteal, long machineTotal) {
    }

    private final Map<String, Long> pids;
    private final long ticksPerSecond = clockTicks();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Thread sampler;
    private volatile boolean stopped;

    /** Starts sampling the processes {@code pids} names; {@value #POSTGRES} is the postmaster. */
    ProcessSampler(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        samples.add(sample());
        this.sampler = Thread.ofVirtual().name("process-sampler").start(this::run);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    List<String> components() {
        return List.copyOf(pids.keySet());
    }

    long ticksPerSecond() {
        return ticksPerSecond;
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
            samples.add(sample());
        }
    }

    /** A sample now; the run's report takes one at the edges of each step too. */
    Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (name.equals(POSTGRES)) {
                ticks.put(name, postgresTicks(pid));
            } else {
                ticks.put(name, cpuTicks(pid, false));
                rss.put(name, rssKb(pid));
            }
        });
        long[] machine = machineTicks();
        return new Sample(System.nanoTime(), System.currentTimeMillis(), ticks, rss, machine[0], machine[1], machine[2]);
    }

    private static long postgresTicks(long postmaster) {
        long total = cpuTicks(postmaster, true);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
            total += Math.max(0, cpuTicks(child.pid(), false));
        }
        return total;
    }

    /** utime + stime (+ cutime + cstime of reaped children); -1 if the process is gone. */
    static long cpuTicks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name may hold spaces and parentheses; the fields after its closing one are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** busy (user, nice, system, irq, softirq, steal), steal, total (busy + idle + iowait) in ticks of all CPUs. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, steal, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1, -1};
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
