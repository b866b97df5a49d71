package dev.threadline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Command lines for the child JVMs of the local runtime (the Kafka broker, the services).
 *
 * <p>Children run on the same {@code java} binary as this JVM, so a child never runs on an older JDK than its
 * launcher, and get the JDK 25 flags of the parent POM ({@code jdk25.flags}, filtered into
 * {@code jvm.properties}), so those flags are written down once.
 */
record JavaCommand(Path javaBinary, List<String> jdkFlags) {

    private static final String JVM_PROPERTIES = "/dev/threadline/localstack/jvm.properties";

    JavaCommand {
        jdkFlags = List.copyOf(jdkFlags);
    }

    /** The {@code java} of the running JVM with the project's JDK flags. */
    static JavaCommand ofCurrentJvm() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new JavaCommand(java, projectJdkFlags());
    }

    /** {@code java <flags> <options> -cp <classpath> <mainClass> <args>}. */
    List<String> mainClass(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
        List<String> command = start(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }

    /** {@code java <flags> <options> -jar <jar>}. */
    List<String> jar(List<String> jvmOptions, Path jar) {
        List<String> command = start(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private List<String> start(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary.toString());
        command.addAll(jdkFlags);
        command.addAll(jvmOptions);
        return command;
    }

    private static List<String> projectJdkFlags() {
        try (InputStream in = JavaCommand.class.getResourceAsStream(JVM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(JVM_PROPERTIES + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            String flags = properties.getProperty("jdk.flags", "").strip();
            return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
