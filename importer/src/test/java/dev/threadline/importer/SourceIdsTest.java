package dev.threadline.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SourceIdsTest {

    @Test
    void aSourceIdThatIsAUuidIsKept() {
        var ids = new SourceIds("helpdesk");
        assertThat(ids.conversation("0190F0C2-1111-7000-8000-000000000001")).isEqualTo("0190f0c2-1111-7000-8000-000000000001");
        assertThat(ids.message("T-1", "0190f0c2-2222-7000-8000-000000000002")).isEqualTo("0190f0c2-2222-7000-8000-000000000002");
    }

    @Test
    void otherIdsBecomeTheSameVersion5UuidEveryTimeAndDifferPerSourceKindAndConversation() {
        var helpdesk = new SourceIds("helpdesk");
        String id = helpdesk.conversation("1001");
        UUID uuid = UUID.fromString(id);

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(new SourceIds("helpdesk").conversation("1001")).isEqualTo(id);
        assertThat(new SourceIds("chat-store").conversation("1001")).isNotEqualTo(id);
        assertThat(helpdesk.message("1001", "1001")).isNotEqualTo(id);
        assertThat(helpdesk.message("1001", "7")).isNotEqualTo(helpdesk.message("1002", "7"));
    }

    @Test
    void version5IsTheOneOfRfc9562() {
        // The reference: Python's uuid.uuid5(uuid.NAMESPACE_URL, "threadline-import:x"), an independent implementation.
        assertThat(SourceIds.nameBased("threadline-import:x").toString()).isEqualTo("40ffd64c-6142-59bd-8251-211bba14de42");
    }
}
