package dev.threadline.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final Pattern DOCUMENTED = Pattern.compile(Ids.UUID_PATTERN);

    @Test
    void canonicalUuidsOfEitherCasePass() {
        String id = UUID.randomUUID().toString();
        assertThat(Ids.isCanonicalUuid(id)).isTrue();
        assertThat(Ids.isCanonicalUuid(id.toUpperCase())).isTrue();
        assertThat(Ids.isCanonicalUuid(Ids.newId())).isTrue();
    }

    @Test
    void nearMissesFail() {
        String id = "0192f5a4-7c1e-7b3a-9f00-1a2b3c4d5e6f";
        assertThat(Ids.isCanonicalUuid(id)).isTrue();
        assertThat(Ids.isCanonicalUuid(id + "\n")).isFalse();
        assertThat(Ids.isCanonicalUuid(id.substring(1))).isFalse();
        assertThat(Ids.isCanonicalUuid(id.replace('-', '0'))).isFalse();
        assertThat(Ids.isCanonicalUuid(id.replace("0192f5a4-", "0192f5a4g"))).isFalse();
        assertThat(Ids.isCanonicalUuid("{" + id.substring(1, 35) + "}")).isFalse();
        assertThat(Ids.isCanonicalUuid(id.replace('f', 'g'))).isFalse();
        assertThat(Ids.isCanonicalUuid(id.replace('a', '\u0660'))).isFalse(); // an Arabic-Indic digit is no hex digit
        assertThat(Ids.isCanonicalUuid("")).isFalse();
    }

    @Test
    void agreesWithTheDocumentedPatternOnMutatedIds() {
        SplittableRandom random = new SplittableRandom(20261203);
        String alphabet = "0123456789abcdefABCDEFgGzZ-{} \n\u0660\uff10";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder candidate = new StringBuilder(UUID.randomUUID().toString());
            int edits = random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(candidate.length());
                char other = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> candidate.insert(at, other);
                    case 1 -> candidate.deleteCharAt(at);
                    default -> candidate.setCharAt(at, other);
                }
            }
            String value = candidate.toString();
            assertThat(Ids.isCanonicalUuid(value)).as(value).isEqualTo(DOCUMENTED.matcher(value).matches());
        }
    }
}
