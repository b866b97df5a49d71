package dev.threadline.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceReaderTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonLinesKeepTheirLineNumbersAndABrokenLineIsReportedWithoutStoppingTheRest() throws IOException {
        List<SourceReader.Read> reads = readAll(SourceReader.jsonLines(in("""
                {"type": "conversation", "id": "T-1"}

                {"type": "message", "content": "unterminated
                [1, 2]
                {"type": "status", "conversationId": "T-1"}
                """), json));

        assertThat(reads).extracting(SourceReader.Read::line).containsExactly(1L, 3L, 4L, 5L);
        assertThat(reads.get(0).record().fields().get("id").asText()).isEqualTo("T-1");
        assertThat(reads.get(1).problem()).startsWith("not JSON");
        assertThat(reads.get(2).problem()).isEqualTo("not a JSON object");
        assertThat(reads.get(3).record().fields().get("type").asText()).isEqualTo("status");
    }

    @Test
    void csvRowsBecomeRecordsWithListsAttributesNumbersAndNoEmptyCells() throws IOException {
        List<SourceReader.Read> reads = readAll(SourceReader.csv(in(
                "type,id,conversationId,kind,tags,attributes.orderId,tokensUsed,content\n"
                        + "conversation,T-1,,support,billing|vip,88,,\n"
                        + "message,M-1,T-1,,,,12,\"Hello, \"\"world\"\"\"\n"), json));

        assertThat(reads).extracting(SourceReader.Read::line).containsExactly(2L, 3L);
        assertThat(reads.get(0).record().fields()).isEqualTo(json.readTree("""
                {"type": "conversation", "id": "T-1", "kind": "support", "tags": ["billing", "vip"], "attributes": {"orderId": "88"}}"""));
        assertThat(reads.get(1).record().fields()).isEqualTo(json.readTree("""
                {"type": "message", "id": "M-1", "conversationId": "T-1", "tokensUsed": 12, "content": "Hello, \\"world\\""}"""));
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SourceReader.Read> readAll(SourceReader reader) throws IOException {
        List<SourceReader.Read> reads = new ArrayList<>();
        for (SourceReader.Read read = reader.next(); read != null; read = reader.next()) {
            reads.add(read);
        }
        reader.close();
        return reads;
    }
}
