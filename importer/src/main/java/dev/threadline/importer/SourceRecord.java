package dev.threadline.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record of the source: its line in the file (1-based; for CSV the header is line 1), its fields as JSON, and the
 * line as it was read, for the rejects file.
 */
record SourceRecord(long line, ObjectNode fields, String text) {
}
