package io.notespipeline.schemas.contract.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CachedRegexTest {

    @Test
    void shouldMatchLikeCelStandardMatchesPartialRe2() {
        assertThat(CachedRegex.matches("abc", "b")).isTrue();
        assertThat(CachedRegex.matches("abc", "^b$")).isFalse();
        assertThat(CachedRegex.matches("abc", "^[a-c]+$")).isTrue();
    }

    @Test
    void shouldCompileEachPatternOnce() {
        assertThat(CachedRegex.pattern("^x+$")).isSameAs(CachedRegex.pattern("^x+$"));
    }

    @Test
    void shouldFailEveryCallOnAPatternThatDoesNotCompile() {
        assertThatThrownBy(() -> CachedRegex.matches("a", "(")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CachedRegex.matches("a", "(")).isInstanceOf(RuntimeException.class);
    }
}
