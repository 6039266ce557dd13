package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A kept answer is served only at the position of its partition it was read at, within the byte budget. */
class AnswerCacheTest {

    @Test
    void servesAnAnswerOnlyAtItsPartitionAndPosition() {
        AnswerCache cache = new AnswerCache(1 << 20);
        byte[] body = "{\"talk\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        cache.put("t", 2, 41, body);
        assertThat(cache.get("t", 2, 41)).isSameAs(body);
        assertThat(cache.get("t", 2, 42)).isNull();
        assertThat(cache.get("t", 2, 40)).isNull();
        assertThat(cache.get("t", 3, 41)).isNull();
        assertThat(cache.get("u", 2, 41)).isNull();
        byte[] next = "{\"talk\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        cache.put("t", 2, 42, next);
        assertThat(cache.get("t", 2, 41)).isNull();
        assertThat(cache.get("t", 2, 42)).isSameAs(next);
        assertThat(cache.bytes()).isEqualTo(next.length);
    }

    @Test
    void keepsNoAnswerAboveAnEighthOfTheBudget() {
        AnswerCache cache = new AnswerCache(800);
        cache.put("big", 0, 1, new byte[101]);
        cache.put("small", 0, 1, new byte[100]);
        assertThat(cache.get("big", 0, 1)).isNull();
        assertThat(cache.get("small", 0, 1)).hasSize(100);
    }

    /** Whatever is put, the bytes kept stay within the budget and are those of the answers still served. */
    @Property(tries = 200)
    void staysWithinItsBudget(@ForAll @Size(max = 200) List<@IntRange(max = 40) Integer> talks,
                              @ForAll @Size(min = 1, max = 200) List<@IntRange(max = 125) Integer> sizes) {
        AnswerCache cache = new AnswerCache(1000);
        for (int i = 0; i < talks.size(); i++) {
            cache.put("t" + talks.get(i), 0, i, new byte[sizes.get(i % sizes.size())]);
            assertThat(cache.bytes()).isBetween(0L, 1000L);
        }
        long served = 0;
        for (int t = 0; t <= 40; t++) {
            for (int i = 0; i < talks.size(); i++) {
                byte[] b = cache.get("t" + t, 0, i);
                served += b == null ? 0 : b.length;
            }
        }
        assertThat(served).isEqualTo(cache.bytes());
    }
}
