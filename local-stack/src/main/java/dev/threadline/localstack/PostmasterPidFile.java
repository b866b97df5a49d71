package dev.threadline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code postmaster.pid} in a PostgreSQL data directory says about the server that last ran there: its process
 * id and the System V shared memory segment that its backends stay attached to until they exit.
 *
 * <p>PostgreSQL started through zonky's {@code pg_ctl} is not a child of this JVM, so its pid comes from here. After
 * a kill -9 of the postmaster a new one refuses to start while the old one is not yet reaped or an orphaned backend
 * is still attached to the segment ("pre-existing shared memory block is still in use"); {@link #released()} says
 * when that is over.
 *
 * @param pid   the postmaster's process id
 * @param shmId the id of its shared memory segment; -1 if the file names none
 */
record PostmasterPidFile(long pid, long shmId) {

    private static final Path SYSV_SEGMENTS = Path.of("/proc/sysvipc/shm");

    /** The file of {@code dataDir}, if a server has run there and not been stopped cleanly. */
    static Optional<PostmasterPidFile> read(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.getFirst().strip());
            String[] segment = lines.size() > 6 ? lines.get(6).strip().split("\\s+") : new String[0];
            return Optional.of(new PostmasterPidFile(pid, segment.length == 2 ? Long.parseLong(segment[1]) : -1));
        } catch (IOException | RuntimeException e) {
            // missing, or half-written while the server starts
            return Optional.empty();
        }
    }

    /** The postmaster process exists and has not ended (a zombie has ended). */
    static boolean isRunning(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    /** Neither the postmaster (not even as a zombie, which PostgreSQL counts as alive) nor any backend remains. */
    boolean released() {
        return ProcessHandle.of(pid).isEmpty() && attachedProcesses() == 0;
    }

    /** How many processes are attached to the segment; 0 when it is gone or cannot be seen (not Linux). */
    private long attachedProcesses() {
        if (shmId < 0 || !Files.isReadable(SYSV_SEGMENTS)) {
            return 0;
        }
        try (var lines = Files.lines(SYSV_SEGMENTS)) {
            // columns: key shmid perms size cpid lpid nattch ...
            return lines.skip(1)
                    .map(line -> line.strip().split("\\s+"))
                    .filter(columns -> columns.length > 6 && columns[1].equals(Long.toString(shmId)))
                    .mapToLong(columns -> Long.parseLong(columns[6]))
                    .sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": the state follows the last ')' because comm may contain one
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
