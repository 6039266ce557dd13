package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.avro.Contributor;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.TalkView;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.Serde;

/** The heads store's own binary form reads back exactly what was written: every header field and every counter. */
class TalkHeadProperties {

    private final Serde<TalkHead> serde = TalkHead.serde();

    @Property(tries = 500)
    void roundTrips(@ForAll("heads") TalkHead head) {
        byte[] bytes = serde.serializer().serialize("t", head);
        TalkHead back = serde.deserializer().deserialize("t", bytes);
        assertThat(back).isEqualTo(head);
    }

    @Provide
    Arbitrary<TalkHead> heads() {
        Arbitrary<Long> anyLong = Arbitraries.longs();
        Arbitrary<TalkView> views = Combinators.combine(text(), text(), text().injectNull(0.3), texts(), links(),
                texts(), Arbitraries.longs().between(0, Long.MAX_VALUE), contributors())
                .as((id, title, conference, speakers, links, tags, revision, contributors) -> new TalkView(id, title,
                        conference, speakers, links, tags, new ArrayList<>(), revision,
                        Instant.ofEpochMilli(revision % 4_000_000_000_000L), Instant.ofEpochMilli(revision / 3),
                        contributors, new UUID(revision * 31, revision ^ 0x5555L), revision % 2 == 0));
        return Combinators.combine(views.injectNull(0.1), anyLong, anyLong, anyLong, anyLong, anyLong, anyLong)
                .as(TalkHead::new);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(40);
    }

    private static Arbitrary<List<String>> texts() {
        return text().list().ofMaxSize(5);
    }

    private static Arbitrary<List<Link>> links() {
        return Combinators.combine(text(), text()).as(Link::new).list().ofMaxSize(3);
    }

    private static Arbitrary<List<Contributor>> contributors() {
        return Combinators.combine(text(), Arbitraries.longs().between(0, 1_000_000)).as(Contributor::new)
                .list().ofMaxSize(6);
    }
}
