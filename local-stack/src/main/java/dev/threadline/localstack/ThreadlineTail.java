package dev.threadline.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./threadline tail TOPIC}: prints the records of any topic of the registry ({@link Topics}) as JSON lines —
 * the kcat of Threadline's format. Each line holds the record's partition, offset, time, key and headers, and its value
 * decoded from Avro's single-object encoding into Avro's JSON form; a dead letter's headers (reason, detail, source)
 * are printed as text and its value decoded as a record of its source topic where it is one, else as base64.
 */
public final class ThreadlineTail {

    static final String USAGE = "usage: ./threadline tail TOPIC [--from-beginning | --last N] [--key KEY] [--partition P] "
            + "[--follow] [--bootstrap-servers HOST:PORT] [-X kafka.setting=value ...]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private ThreadlineTail() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err, () -> false));
    }

    /**
     * Runs the command; returns its exit code: 0 done (the end reached, or {@code stop} said so while following), 2 a
     * usage error.
     */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err, BooleanSupplier stop) {
        String topicName = null;
        boolean fromBeginning = false;
        boolean follow = false;
        long last = 10;
        String key = null;
        Integer partition = null;
        String bootstrap = null;
        Map<String, Object> settings = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--from-beginning" -> fromBeginning = true;
                case "--follow" -> follow = true;
                case "--last", "--key", "--partition", "--bootstrap-servers", "-X" -> {
                    if (i + 1 >= args.size()) {
                        err.println("threadline tail: " + arg + " needs a value; " + USAGE);
                        return 2;
                    }
                    String value = args.get(++i);
                    try {
                        switch (arg) {
                            case "--last" -> last = Long.parseLong(value);
                            case "--key" -> key = value;
                            case "--partition" -> partition = Integer.parseInt(value);
                            case "--bootstrap-servers" -> bootstrap = value;
                            default -> {
                                int equals = value.indexOf('=');
                                if (equals < 1) {
                                    err.println("threadline tail: -X takes kafka.setting=value; " + USAGE);
                                    return 2;
                                }
                                settings.put(value.substring(0, equals), value.substring(equals + 1));
                            }
                        }
                    } catch (NumberFormatException e) {
                        err.println("threadline tail: " + arg + " " + value + " is not a number; " + USAGE);
                        return 2;
                    }
                }
                default -> {
                    if (arg.startsWith("-") || topicName != null) {
                        err.println("threadline tail: unknown option " + arg + "; " + USAGE);
                        return 2;
                    }
                    topicName = arg;
                }
            }
        }
        Optional<Topic<?, ?>> topic = topicName == null ? Optional.empty() : byName(topicName);
        if (topic.isEmpty()) {
            err.println("threadline tail: " + (topicName == null ? "which topic?" : "no topic " + topicName + " in the registry")
                    + "; topics: " + String.join(", ", Topics.all().stream().map(Topic::name).toList()) + "; " + USAGE);
            return 2;
        }
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap != null ? bootstrap
                : environment.getOrDefault(InfrastructureEndpoints.KAFKA_BOOTSTRAP_SERVERS,
                        InfrastructureEndpoints.localStack(environment).kafkaBootstrapServers()));
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topicName).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            if (partition != null) {
                int only = partition;
                partitions.removeIf(p -> p.partition() != only);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, fromBeginning ? beginnings.get(p) : Math.max(beginnings.get(p), ends.get(p) - last));
            }
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (key == null || key.equals(text(record.key()))) {
                        out.println(line(topic.get(), record));
                    }
                }
                if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                    break;
                }
            }
        }
        out.flush();
        return 0;
    }

    static Optional<Topic<?, ?>> byName(String name) {
        return Topics.all().stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    /** One record as a JSON line. */
    static String line(Topic<?, ?> topic, ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", text(record.key()));
        ObjectNode headers = line.putObject("headers");
        String source = null;
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
            if (header.key().equals(DeadLetterHeaders.SOURCE_TOPIC)) {
                source = text(header.value());
            }
        }
        if (headers.isEmpty()) {
            line.remove("headers");
        }
        Topic<?, ?> valueTopic = source != null ? byName(source).orElse(null) : topic;
        decode(valueTopic, record.value(), line);
        return line.toString();
    }

    /** The value in Avro's JSON form, or (a tombstone, bytes no schema reads) null or base64 with the reason. */
    private static void decode(Topic<?, ?> topic, byte[] value, ObjectNode line) {
        if (value == null) {
            line.putNull("value");
            return;
        }
        if (topic != null) {
            try {
                Object decoded = topic.valueSerde().deserializer().deserialize(topic.name(), value);
                if (decoded instanceof SpecificRecord avro) {
                    line.set("value", JSON.readTree(avroJson(avro)));
                    return;
                }
            } catch (RuntimeException | IOException e) {
                line.put("undecodable", e.getMessage());
            }
        }
        line.put("valueBase64", Base64.getEncoder().encodeToString(value));
    }

    private static String avroJson(SpecificRecord record) throws IOException {
        Schema schema = record.getSchema();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, bytes);
        new SpecificDatumWriter<SpecificRecord>(schema).write(record, encoder);
        encoder.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
