package dev.threadline.bench.thread;

import dev.threadline.bench.Cli;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The history file of bench/import.sh: support tickets of 2023 in the import's JSON Lines format (docs/import.md), each
 * a conversation, its customer and agent, messages of both in turn and a resolution, in time order.
 */
@Command(name = "ImportHistory", description = "Writes a JSON Lines history of support tickets for ./threadline import.")
public final class ImportHistory implements Callable<Integer> {

    private static final Instant YEAR = Instant.parse("2023-01-01T00:00:00Z");

    @Mixin
    Cli.Help help;

    @Option(names = "--conversations", defaultValue = "20000", description = "tickets (default: ${DEFAULT-VALUE})")
    int conversations;

    @Option(names = "--messages", defaultValue = "10", description = "messages per ticket (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "the file to write")
    Path out;

    public static void main(String[] args) {
        Cli.run(new ImportHistory(), args);
    }

    @Override
    public Integer call() throws Exception {
        Random random = new Random(seed);
        long records = 0;
        try (BufferedWriter file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int c = 0; c < conversations; c++) {
                String id = "T-" + c;
                String customer = "customer-" + random.nextInt(conversations);
                String agent = "agent-" + random.nextInt(200);
                Instant at = YEAR.plusSeconds(random.nextInt(364 * 24 * 3600));
                file.write("{\"type\":\"conversation\",\"id\":\"" + id + "\",\"kind\":\"support\",\"title\":\"Ticket " + c
                        + "\",\"startedAt\":\"" + at + "\"}\n");
                file.write("{\"type\":\"participant\",\"conversationId\":\"" + id + "\",\"userId\":\"" + customer
                        + "\",\"role\":\"user\",\"joinedAt\":\"" + at + "\"}\n");
                file.write("{\"type\":\"participant\",\"conversationId\":\"" + id + "\",\"userId\":\"" + agent
                        + "\",\"role\":\"agent\",\"joinedAt\":\"" + at + "\"}\n");
                records += 3;
                for (int m = 0; m < messages; m++) {
                    at = at.plusSeconds(30 + random.nextInt(1800));
                    boolean byCustomer = m % 2 == 0;
                    file.write("{\"type\":\"message\",\"conversationId\":\"" + id + "\",\"id\":\"M-" + m + "\",\"senderId\":\""
                            + (byCustomer ? customer : agent) + "\",\"senderRole\":\"" + (byCustomer ? "user" : "agent")
                            + "\",\"content\":\"" + sentence(random) + "\",\"occurredAt\":\"" + at + "\"}\n");
                    records++;
                }
                file.write("{\"type\":\"status\",\"conversationId\":\"" + id + "\",\"status\":\"resolved\",\"occurredAt\":\""
                        + at.plusSeconds(600) + "\"}\n");
                records++;
            }
        }
        System.out.printf("threadline-history conversations=%d messages=%d records=%d bytes=%d%n", conversations,
                (long) conversations * messages, records, Files.size(out));
        return 0;
    }

    /** 100-200 bytes of the materialisation workload's words (none needs JSON escaping). */
    private static String sentence(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 100 + random.nextInt(101);
        while (text.length() < length) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(ThreadBench.WORDS[random.nextInt(ThreadBench.WORDS.length)]);
        }
        return text.toString();
    }
}
