package dev.threadline.e2e.chaos;

import dev.threadline.localstack.KafkaBrokerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the JVMs of a {@link ChaosStack} run. The chaos tests want a stack that starts quickly; the pipeline benchmark
 * wants one as deployed, with every JVM's GC logged so that its heap can be reported.
 *
 * @param brokerJvmOptions heap, GC and JIT options of each broker
 * @param gcLogDir         where every service and broker JVM writes its GC log ({@code -Xlog:gc}, epoch-millisecond
 *                         time stamps, {@code <name>.gc.log}); null: no GC logs
 * @param statsAsDeployed  true: stats-streams with its own default windows, graces and commit interval; false: with
 *                         the tests' short windows ({@link dev.threadline.e2e.stats.StatsInstance})
 * @param jfrDir           where every service and broker JVM keeps a JFR recording (profile settings,
 *                         {@code <name>.jfr}, written when it exits); null: none
 */
public record StackTuning(List<String> brokerJvmOptions, Path gcLogDir, boolean statsAsDeployed, Path jfrDir) {

    /** The tests': a quick-starting broker (the local runtime's options), no GC logs, the tests' stats windows. */
    static final StackTuning TESTS = new StackTuning(KafkaBrokerProcess.QUICK_START_JVM_OPTIONS, null, false, null);

    public StackTuning {
        brokerJvmOptions = List.copyOf(brokerJvmOptions);
    }

    /** Where the JVM called {@code name} writes its GC log. */
    public Path gcLog(String name) {
        return gcLogDir.resolve(name + ".gc.log");
    }

    /** The GC log and JFR options of the JVM called {@code name}, or none. */
    List<String> recordingOptions(String name) {
        List<String> options = new ArrayList<>();
        if (gcLogDir != null) {
            options.add("-Xlog:gc:file=" + gcLog(name) + ":timemillis:filecount=0");
        }
        if (jfrDir != null) {
            options.add("-XX:StartFlightRecording=filename=" + jfrDir.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        return options;
    }

    /** The environment that gives a service JVM its GC log and recording ({@code JAVA_TOOL_OPTIONS}), or none. */
    Map<String, String> serviceEnvironment(String name) {
        List<String> options = recordingOptions(name);
        return options.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", String.join(" ", options));
    }
}
