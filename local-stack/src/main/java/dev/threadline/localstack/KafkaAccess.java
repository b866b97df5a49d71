package dev.threadline.localstack;

import dev.threadline.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each service may do on a broker with ACLs (docs/security.md, "Kafka security"), the one place the grants are written:
 * applied here through the admin API (tests, the local stack on demand) and, as the {@code kafka-acls.sh} lines of
 * {@link #commands()}, by docker-compose's {@code kafka-init}, which a test holds to this list.
 *
 * <ul>
 *   <li>ingest ({@value #INGEST}) reads {@code conversation-commands} in its group {@code ingest-intake}, writes
 *       {@code conversation-events} (and reads it back to settle an unconfirmed commit) and the commands' dead
 *       letters, in transactions whose ids start with {@code ingest-};
 *   <li>thread ({@value #THREAD}) reads {@code conversation-events} and {@code conversation-metrics} in groups starting
 *       with {@code thread-service}, and writes its dead letters;
 *   <li>stats ({@value #STATS}) reads {@code conversation-events}, writes the analytics topics and its dead letters,
 *       and owns the internal topics, group and transactional ids of its application id {@code stats-streams};
 *       it describes thread-service's groups for the pipeline's lag.
 * </ul>
 * Every service may describe the cluster (its health check). Nothing else is allowed: the brokers deny what no ACL
 * grants.
 */
public final class KafkaAccess {

    public static final String INGEST = "ingest";
    public static final String THREAD = "thread";
    public static final String STATS = "stats";
    /** The services' group ids, transactional id prefixes and Streams application id, as their application.yml has them. */
    static final String INGEST_GROUP = "ingest-intake";
    static final String INGEST_TRANSACTIONS = "ingest-";
    static final String THREAD_GROUPS = "thread-service";
    static final String STATS_APPLICATION = "stats-streams";

    private KafkaAccess() {
    }

    /** Every grant, as ACL bindings. */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        String events = Topics.CONVERSATION_EVENTS.name();
        allow(acls, INGEST, ResourceType.TOPIC, events, PatternType.LITERAL, AclOperation.WRITE, AclOperation.READ,
                AclOperation.DESCRIBE);
        allow(acls, INGEST, ResourceType.TOPIC, Topics.CONVERSATION_COMMANDS.name(), PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE);
        allow(acls, INGEST, ResourceType.TOPIC, Topics.CONVERSATION_COMMANDS_DLQ.name(), PatternType.LITERAL,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, INGEST, ResourceType.GROUP, INGEST_GROUP, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, INGEST, ResourceType.TRANSACTIONAL_ID, INGEST_TRANSACTIONS, PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE);

        allow(acls, THREAD, ResourceType.TOPIC, events, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, THREAD, ResourceType.TOPIC, Topics.CONVERSATION_METRICS.name(), PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE);
        allow(acls, THREAD, ResourceType.TOPIC, Topics.THREAD_SERVICE_DLQ.name(), PatternType.LITERAL, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        allow(acls, THREAD, ResourceType.GROUP, THREAD_GROUPS, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);

        allow(acls, STATS, ResourceType.TOPIC, events, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        for (var output : List.of(Topics.CONVERSATION_METRICS, Topics.RESPONSE_TIME_STATS, Topics.SENTIMENT_STATS,
                Topics.STATUS_COUNTS, Topics.STATS_STREAMS_DLQ)) {
            allow(acls, STATS, ResourceType.TOPIC, output.name(), PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        allow(acls, STATS, ResourceType.TOPIC, STATS_APPLICATION + "-", PatternType.PREFIXED, AclOperation.ALL);
        allow(acls, STATS, ResourceType.GROUP, STATS_APPLICATION, PatternType.PREFIXED, AclOperation.READ,
                AclOperation.DESCRIBE);
        allow(acls, STATS, ResourceType.TRANSACTIONAL_ID, STATS_APPLICATION, PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        // GET /v1/stats/pipeline reads thread-service's groups' committed offsets and members: describe, not read.
        allow(acls, STATS, ResourceType.GROUP, THREAD_GROUPS, PatternType.PREFIXED, AclOperation.DESCRIBE);

        for (String service : List.of(INGEST, THREAD, STATS)) {
            allow(acls, service, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE,
                    AclOperation.IDEMPOTENT_WRITE);
        }
        return List.copyOf(acls);
    }

    /**
     * Makes each service's SCRAM-SHA-512 user with its password and grants the ACLs, through {@code admin} (which must be
     * a super user). Applying it again changes nothing.
     */
    public static void apply(Admin admin, Map<String, String> passwords) {
        List<UserScramCredentialUpsertion> users = passwords.entrySet().stream().map(user -> new UserScramCredentialUpsertion(
                user.getKey(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), user.getValue())).toList();
        try {
            admin.alterUserScramCredentials(List.copyOf(users)).all().get();
            admin.createAcls(acls()).all().get();
        } catch (ExecutionException e) {
            throw new LocalStackException("Could not make the Kafka users and ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while making the Kafka users and ACLs", e);
        }
    }

    /**
     * The grants as {@code kafka-acls.sh} arguments, one line per resource and principal (after
     * {@code --bootstrap-server … --command-config …}), in the order of {@link #acls()}.
     */
    public static List<String> commands() {
        List<String> lines = new ArrayList<>();
        List<AclBinding> acls = acls();
        for (int i = 0; i < acls.size(); ) {
            AclBinding first = acls.get(i);
            StringBuilder line = new StringBuilder("--add --allow-principal ").append(first.entry().principal());
            line.append(switch (first.pattern().resourceType()) {
                case TOPIC -> " --topic ";
                case GROUP -> " --group ";
                case TRANSACTIONAL_ID -> " --transactional-id ";
                case CLUSTER -> " --cluster";
                default -> throw new IllegalStateException("No kafka-acls.sh option for " + first.pattern().resourceType());
            });
            if (first.pattern().resourceType() != ResourceType.CLUSTER) {
                line.append(first.pattern().name());
            }
            if (first.pattern().patternType() == PatternType.PREFIXED) {
                line.append(" --resource-pattern-type prefixed");
            }
            while (i < acls.size() && acls.get(i).pattern().equals(first.pattern())
                    && acls.get(i).entry().principal().equals(first.entry().principal())) {
                line.append(" --operation ").append(operationName(acls.get(i).entry().operation()));
                i++;
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String operationName(AclOperation operation) {
        // kafka-acls.sh takes the operations in CamelCase: Read, Write, Describe, IdempotentWrite, All
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return name.toString();
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name, PatternType pattern,
                              AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
