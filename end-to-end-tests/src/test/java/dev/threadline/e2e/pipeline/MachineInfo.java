package dev.threadline.e2e.pipeline;

import dev.threadline.localstack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** What the report says about where it ran: the machine, its load, the commit, PostgreSQL's settings. */
final class MachineInfo {

    private static final List<String> POSTGRES_SETTINGS = List.of("server_version", "shared_buffers", "fsync",
            "synchronous_commit", "full_page_writes", "wal_level", "wal_compression", "max_wal_size", "checkpoint_timeout", "work_mem");

    private MachineInfo() {
    }

    /** {@code nproc}, the CPU model of /proc/cpuinfo and the memory, e.g. {@code 2 cores (Intel Xeon), 23.5 GiB}. */
    static String machine() {
        String model = "unknown CPU";
        double memoryGiB = -1;
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(model);
            memoryGiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1) / 1048576.0;
        } catch (IOException e) {
            // not Linux: the report says unknown
        }
        return String.format("%d cores (`nproc`; %s), %.1f GiB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                model, memoryGiB, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.runtime.version"));
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The commit of the repository and how many files differ from it. */
    static String commit() {
        String head = git("rev-parse", "--short", "HEAD");
        String changed = git("status", "--porcelain");
        long dirty = changed.isBlank() ? 0 : changed.lines().count();
        return dirty == 0 ? head : head + " + " + dirty + " uncommitted change(s)";
    }

    private static String git(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", ServiceProcess.locateRepoRoot().toString()));
            command.addAll(List.of(args));
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The broker's finalized feature levels, e.g. {@code transaction.version=2}. */
    static String kafkaFeatures(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return new java.util.TreeMap<>(admin.describeFeatures().featureMetadata().get(10, TimeUnit.SECONDS)
                    .finalizedFeatures()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().maxVersionLevel())
                    .collect(Collectors.joining(", "));
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Settings of the stack's PostgreSQL that matter for write throughput, and what it wrote to its WAL since it started
     * (bytes, full-page images: the page copies the first change of a page after a checkpoint writes) and its checkpoints.
     */
    static Map<String, String> postgresSettings(String jdbcUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            for (String name : POSTGRES_SETTINGS) {
                try (ResultSet row = statement.executeQuery("SHOW " + name)) {
                    row.next();
                    settings.put(name, row.getString(1));
                }
            }
            try (ResultSet wal = statement.executeQuery("SELECT pg_size_pretty(wal_bytes), wal_records, wal_fpi FROM pg_stat_wal")) {
                wal.next();
                settings.put("WAL written", wal.getString(1) + " in " + wal.getLong(2) + " records, " + wal.getLong(3)
                        + " full-page images");
            }
            try (ResultSet checkpoints = statement.executeQuery("SELECT num_timed, num_requested FROM pg_stat_checkpointer")) {
                checkpoints.next();
                settings.put("checkpoints", checkpoints.getLong(1) + " timed, " + checkpoints.getLong(2) + " requested");
            }
        } catch (Exception e) {
            settings.put("error", e.getMessage());
        }
        return settings;
    }
}
