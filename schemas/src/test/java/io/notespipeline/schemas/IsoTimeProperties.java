package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class IsoTimeProperties {

    @Property(tries = 2000)
    void anInstantWrittenWithAnyOffsetReadsBackAsTheSameInstant(@ForAll("instants") Instant instant,
                                                                 @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));
        assertThat(IsoTime.parse("at", text)).as(text).isEqualTo(instant);
        assertThat(IsoTime.parse("at", instant.toString())).as("the Z form").isEqualTo(instant);
    }

    @Property(tries = 500)
    void textThatIsNotATimeWithAnOffsetIsRejectedNamingTheField(@ForAll("notTimes") String text) {
        assertThatThrownBy(() -> IsoTime.parse("occurredAt", text))
                .isInstanceOfSatisfying(IsoTime.InvalidTimeException.class, e -> {
                    assertThat(e.field()).isEqualTo("occurredAt");
                    assertThat(e.value()).isEqualTo(text);
                    assertThat(e.getMessage()).startsWith("occurredAt must be an ISO-8601 time").contains(text);
                });
    }

    @Example
    void theDocumentedFormsAreTheSameInstant() {
        Instant utc = IsoTime.parse("at", "2019-10-01T16:00:00Z");
        assertThat(IsoTime.parse("at", "2019-10-01T12:00:00-04:00")).isEqualTo(utc);
        assertThat(IsoTime.parse("at", "2019-10-01T16:00Z")).as("seconds are optional").isEqualTo(utc);
        assertThat(utc).isEqualTo(Instant.ofEpochSecond(1569945600L));
        assertThatThrownBy(() -> IsoTime.parse("since", null)).hasMessageContaining("since");
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-62_000_000_000_000L, 250_000_000_000_000L)
                .map(micros -> Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    @Provide
    Arbitrary<String> notTimes() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).filter(s -> !s.matches(".*\\d{4}-\\d{2}-\\d{2}T.*")),
                Arbitraries.of("2019-10-01T16:00:00", "2019-10-01", "16:00:00Z", "2019-13-01T16:00:00Z",
                        "2019-10-01T25:00:00Z", "2019-10-01 16:00:00Z", "1569945600000", ""));
    }
}
