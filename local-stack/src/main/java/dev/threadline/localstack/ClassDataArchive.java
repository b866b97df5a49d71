package dev.threadline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JDK's class data sharing archive of a service jar: {@code <jar name>.jsa} beside the jar, written by the JVM
 * when the service stops cleanly for the first time ({@code -XX:+AutoCreateSharedArchive}) and mapped by every later
 * start, which then loads and verifies far fewer classes (a thread-service start: about half the CPU time).
 *
 * <p>An archive older than its jar belongs to an earlier build and is deleted before the start, so that the JVM
 * writes a new one. The JVM's own CDS messages are off: an archive that cannot be used or written only costs the
 * speed-up, and its lines would read like errors in the service's log.
 */
record ClassDataArchive(Path jar, Path file) {

    /** The archive of {@code jar}. */
    static ClassDataArchive of(Path jar) {
        String name = jar.getFileName().toString();
        String base = name.endsWith(".jar") ? name.substring(0, name.length() - ".jar".length()) : name;
        return new ClassDataArchive(jar, jar.resolveSibling(base + ".jsa"));
    }

    /** The JVM options that use the archive, after deleting it if the jar was built after it. */
    List<String> jvmOptions() {
        deleteIfStale();
        return List.of("-XX:SharedArchiveFile=" + file, "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off,cds+dynamic=off");
    }

    private void deleteIfStale() {
        try {
            if (Files.exists(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the stale class data archive " + file, e);
        }
    }
}
