package dev.threadline.problem;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 checking, shared by the request-target filter and the ingest body check: overlong forms
 * ({@code C0 AF}), encoded surrogates ({@code ED A0 80}) and truncated sequences are malformed. The bytes are decoded
 * through a small buffer that is reused, so checking a large body allocates no copy of it.
 */
public final class Utf8 {

    private static final int CHUNK = 4096;

    private Utf8() {
    }

    /** The offset of the first byte that is not well-formed UTF-8, or -1 if all are. */
    public static int firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(CHUNK, Math.max(16, bytes.length)));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return decoder.flush(out).isError() ? in.position() : -1;
            }
            out.clear();
        }
    }
}
