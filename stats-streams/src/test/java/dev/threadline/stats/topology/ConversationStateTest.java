package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import java.time.Instant;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ConversationStateTest {

    @Test
    void publishedMetricsCarryEveryFieldOfTheSchemaAndPassItsChecks() {
        // Given a state in which every published value is known
        ConversationState state = new ConversationState();
        state.tenant = "acme";
        state.kind = ConversationKind.support;
        state.priority = Priority.high;
        state.status = ConversationStatus.resolved;
        state.startedAt = 1_000L;
        state.firstResponseAt = 4_000L;
        state.resolvedAt = 9_000L;
        state.resolutionMillis = 8_000L;
        state.lastCycleResolutionMillis = 2_000L;
        state.resolveCount = 2;
        state.reopenCount = 1;
        state.userMessages = 3;
        state.responderMessages = 2;
        state.assistantMessages = 1;
        state.systemMessages = 1;
        state.addUserSentiment(0.5, 1);
        state.addUserSentiment(-0.25, 1);
        state.addResponderSentiment(0.75, 1);
        state.touch(9_000L);

        // When it is published
        ConversationMetrics metrics = state.toMetrics("c-1");

        // Then no field of the schema is left out (a field added to the schema must be published too: every value of
        // this state is non-zero), the record's
        // own builder accepts every value, and the derived values are right
        for (Schema.Field field : metrics.getSchema().getFields()) {
            Object value = metrics.get(field.pos());
            assertThat(value).as(field.name()).isNotNull();
            if (value instanceof Number number) {
                assertThat(number.doubleValue()).as(field.name()).isNotZero(); // a primitive left unset reads 0
            }
        }
        assertThat(ConversationMetrics.newBuilder(metrics).build()).isEqualTo(metrics);
        assertThat(metrics.getConversationId()).isEqualTo("c-1");
        assertThat(metrics.getFirstResponseMillis()).isEqualTo(3_000L);
        assertThat(metrics.getAverageUserSentiment()).isEqualTo(0.125);
        assertThat(metrics.getResolveCount()).isEqualTo(2);
        assertThat(metrics.getReopenCount()).isEqualTo(1);
        assertThat(metrics.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(9_000L));
    }

    @Test
    void aStateWithNothingKnownYetPublishesNullsWhereTheSchemaAllowsThem() {
        ConversationMetrics metrics = new ConversationState().toMetrics("c-2");

        assertThat(ConversationMetrics.newBuilder(metrics).build()).isEqualTo(metrics);
        assertThat(metrics.getStartedAt()).isNull();
        assertThat(metrics.getFirstResponseMillis()).isNull();
        assertThat(metrics.getAverageUserSentiment()).isNull();
        assertThat(metrics.getUpdatedAt()).isEqualTo(Instant.EPOCH);
    }
}
