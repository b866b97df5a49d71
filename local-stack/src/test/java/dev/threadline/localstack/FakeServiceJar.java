package dev.threadline.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A runnable jar that behaves like a Threadline service from the outside: it listens on MICRONAUT_SERVER_PORT and
 * answers /health with status UP and the Kafka bootstrap servers it was given, or exits with FAKE_EXIT_CODE; GET /exit
 * makes it exit with code 3, as a service that gives up would. It lets ServiceProcess and the launcher be tested
 * without depending on the real services being built (they are built after local-stack).
 */
final class FakeServiceJar {

    private static final String SOURCE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class FakeService {
                public static void main(String[] args) throws Exception {
                    String exitCode = System.getenv("FAKE_EXIT_CODE");
                    if (exitCode != null) {
                        System.out.println("fake service fails on purpose");
                        System.exit(Integer.parseInt(exitCode));
                    }
                    int port = Integer.parseInt(System.getenv("MICRONAUT_SERVER_PORT"));
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/health", exchange -> {
                        byte[] body = ("{\\"status\\":\\"UP\\",\\"kafka\\":\\"" + System.getenv("KAFKA_BOOTSTRAP_SERVERS") + "\\"}")
                                .getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.createContext("/exit", exchange -> {
                        exchange.sendResponseHeaders(200, -1);
                        exchange.close();
                        System.out.println("fake service exits on request");
                        Runtime.getRuntime().halt(3);
                    });
                    server.start();
                    System.out.println("fake service listens on " + port);
                }
            }
            """;

    private FakeServiceJar() {
    }

    static Path build(Path dir) throws IOException {
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("FakeService.java"), SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int result = compiler.run(null, null, null, "-d", classes.toString(), source.toString());
        if (result != 0) {
            throw new IllegalStateException("FakeService did not compile");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeService");
        Path jar = dir.resolve("fake-service.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path compiled : List.of(classes.resolve("FakeService.class"))) {
                out.putNextEntry(new JarEntry(compiled.getFileName().toString()));
                copy(compiled, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A directory laid out as the repository, with this jar in place of each service's packaged jar. */
    static Path buildRepo(Path dir) throws IOException {
        Path jar = build(dir.resolve("fake-build"));
        Path repo = dir.resolve("repo");
        for (ThreadlineService service : ThreadlineService.values()) {
            Path target = service.jar(repo);
            Files.createDirectories(target.getParent());
            Files.copy(jar, target);
        }
        return repo;
    }

    private static void copy(Path file, OutputStream out) throws IOException {
        Files.copy(file, out);
    }
}
