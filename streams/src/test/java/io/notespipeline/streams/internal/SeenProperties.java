package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.serialization.Serdes;

/** The dedupe store's values: a round trip keeps sequence and talk; the 8-byte values of before read without a talk. */
class SeenProperties {

    @Property
    void shouldReadBackWhatItWrote(@ForAll long seq, @ForAll @StringLength(min = 1, max = 200) String talkId) {
        byte[] bytes = Seen.serde().serializer().serialize("t", new Seen(seq, talkId));
        assertThat(Seen.serde().deserializer().deserialize("t", bytes)).isEqualTo(new Seen(seq, talkId));
    }

    @Property
    void shouldReadAnEntryOfBeforeAsItsSequenceWithoutATalk(@ForAll long seq) {
        byte[] before = Serdes.Long().serializer().serialize("t", seq);
        assertThat(Seen.serde().deserializer().deserialize("t", before)).isEqualTo(new Seen(seq, null));
        assertThat(Seen.serde().serializer().serialize("t", new Seen(seq, null))).as("and writes it the same way")
                .isEqualTo(before);
    }
}
