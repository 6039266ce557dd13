package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.notespipeline.streams.internal.Trigrams;
import org.junit.jupiter.api.Test;

class TrigramsTest {

    @Test
    void shouldScoreMisspelledQueryAboveThresholdForTheRightTalkOnly() {
        var query = Trigrams.words("Pyhton scince");
        double right = Trigrams.score(query, Trigrams.words("Python in science: Jake VanderPlas, numpy and scipy"));
        double wrong = Trigrams.score(query, Trigrams.words("Async web servers with asyncio and aiohttp"));
        assertThat(right).isGreaterThan(0.3).isGreaterThan(wrong);
        assertThat(wrong).isLessThan(0.3);
    }

    @Test
    void shouldRankTitleMatchAboveTalkThatOnlyMentionsTheWords() {
        var query = Trigrams.words("Pyhton scince");
        var title = Trigrams.words("The Unexpected Effective of Python in Science Jake VanderPlas");
        var titleTalk = Trigrams.rank(query, title, title);
        var other = Trigrams.words("Building a data pipeline");
        var mentions = Trigrams.rank(query, other, Trigrams.words("Building a data pipeline with Python for data science"));
        assertThat(titleTalk).isGreaterThan(mentions);
    }

    @Test
    void shouldMatchExactWordsFullyIgnoringCaseAndAccents() {
        assertThat(Trigrams.score(Trigrams.words("CAFÉ"), Trigrams.words("cafe culture"))).isEqualTo(1.0);
    }

    @Test
    void shouldPadWordsLikePgTrgm() {
        assertThat(Trigrams.of("cat")).containsExactlyInAnyOrder("  c", " ca", "cat", "at ");
    }
}
