package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GenTest {

    @Test
    void theSameSeedDrawsTheSameValues() {
        // given
        Gen<String> text = Gen.strings(Gen.oneOf(Gen.ASCII, Gen.NON_ASCII, Gen.SUPPLEMENTARY), 0, 30);

        // when
        List<String> first = draw(text, 7, 50);
        List<String> again = draw(text, 7, 50);

        // then
        assertThat(again).isEqualTo(first);
        assertThat(draw(text, 8, 50)).isNotEqualTo(first);
    }

    @Test
    void numbersStayInTheirRangeAndReachBothEnds() {
        // given
        List<Long> small = draw(Gen.longs(-3, 5), 1, 2_000);
        List<Long> whole = draw(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), 1, 2_000);
        List<Long> upper = draw(Gen.longs(Long.MAX_VALUE - 1, Long.MAX_VALUE), 1, 200);
        List<BigInteger> beyond = draw(Gen.bigIntegers(BigInteger.TEN, BigInteger.TWO.pow(100)), 1, 200);

        // then
        assertThat(small).allMatch(n -> n >= -3 && n <= 5).contains(-3L, 5L, 0L);
        assertThat(whole).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L);
        assertThat(upper).containsOnly(Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertThat(beyond).allMatch(n -> n.compareTo(BigInteger.TEN) >= 0 && n.bitLength() <= 100);
    }

    @Test
    void weightedChoicesComeInProportion() {
        // given
        Gen<String> choice = Gen.weighted(Gen.weight(3, Gen.just("often")), Gen.weight(1, Gen.just("seldom")));

        // when
        long often = draw(choice, 3, 4_000).stream().filter("often"::equals).count();

        // then
        assertThat(often).isBetween(2_800L, 3_200L);
    }

    @Test
    void textIsMadeOfItsAlphabetAndOfTheAskedLength() {
        // given
        List<String> supplementary = draw(Gen.strings(Gen.SUPPLEMENTARY, 1, 4), 4, 200);
        List<String> surrogates = draw(Gen.LONE_SURROGATE, 4, 50);
        List<String> controls = draw(Gen.CONTROL, 4, 50);

        // then
        assertThat(supplementary).allMatch(text -> text.codePointCount(0, text.length()) * 2 == text.length()
                && text.codePoints().allMatch(Character::isSupplementaryCodePoint));
        assertThat(surrogates).allMatch(text -> text.length() == 1 && Character.isSurrogate(text.charAt(0)));
        assertThat(controls).allMatch(text -> Character.isISOControl(text.codePointAt(0)));
    }

    @Test
    void mapsHaveDistinctKeysAndListsTheirSize() {
        // given
        Gen<List<Integer>> lists = Gen.lists(Gen.ints(0, 9), 2, 4);
        Gen<java.util.Map<String, Integer>> maps = Gen.maps(Gen.of("a", "b", "c"), Gen.ints(0, 9), 1, 3);

        // then
        assertThat(draw(lists, 5, 100)).allMatch(list -> list.size() >= 2 && list.size() <= 4);
        assertThat(draw(maps, 5, 100)).allMatch(map -> !map.isEmpty() && map.size() <= 3);
    }

    @Test
    void aFilterThatTakesNothingFailsInsteadOfSpinning() {
        // given
        Gen<Integer> none = Gen.ints(0, 9).filter(n -> n > 9);

        // then
        assertThatThrownBy(() -> none.next(new SplittableRandom(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingCaseIsReportedWithItsSeedIndexAndValue() {
        // given
        FuzzRun run = FuzzRun.of("numbers", 100);
        List<Integer> seen = new ArrayList<>();

        // when
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> run.check(Gen.ints(0, 1_000), n -> {
            seen.add(n);
            assertThat(seen).hasSizeLessThan(5);
        }));

        // then
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("numbers: case 4 of " + run.tries() + " failed (seed " + run.seed() + ")")
                .hasMessageContaining("-Dfuzz.seed=" + run.seed()).hasMessageContaining("case: " + seen.get(4));
    }

    @Test
    void readableTextShowsControlsSurrogatesBadBytesAndLongRuns() {
        // given
        byte[] bytes = Stream.of("a\u0000b", "\uD800", "x".repeat(5_000)).reduce("", String::concat).getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'a', (byte) 0xC0, (byte) 0x80, 'b'};

        // then
        assertThat(FuzzRun.readable("a\u0000b\uD800" + "x".repeat(5_000) + "日\uD83D\uDE00"))
                .isEqualTo("a\\u0000b\\uD800⟪x × 5000⟫日\uD83D\uDE00");
        assertThat(FuzzRun.readable(bytes)).isEqualTo("a\\u0000b?⟪x × 5000⟫");
        assertThat(FuzzRun.readable(notUtf8)).isEqualTo("a\\xC0\\x80b");
    }

    @Test
    void uuidsAreVersionFourAndDistinct() {
        // given
        Set<java.util.UUID> ids = new HashSet<>(draw(Gen.uuids(), 9, 500));

        // then
        assertThat(ids).hasSize(500).allMatch(id -> id.version() == 4 && id.variant() == 2);
    }

    private static <T> List<T> draw(Gen<T> gen, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<T> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(gen.next(random));
        }
        return values;
    }
}
