package io.notespipeline.schemas;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for any well-typed {@link NoteEvent}, including unicode text and empty lists. */
final class NoteEventArbitraries {

    private NoteEventArbitraries() {
    }

    static Arbitrary<NoteEvent> events() {
        Arbitrary<UUID> ids = Arbitraries.create(UUID::randomUUID);
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
        Arbitrary<Long> revisions = Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.5);
        return Combinators.combine(ids, text(), times, text(), text(), revisions, payloads())
                .as((id, talk, at, author, corr, rev, payload) -> NoteEvent.newBuilder()
                        .setEventId(id).setTalkId(talk).setOccurredAt(at).setAuthor(author)
                        .setCorrelationId(corr).setExpectedRevision(rev).setPayload(payload).build());
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(40)
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    private static Arbitrary<List<String>> strings() {
        return text().list().ofMaxSize(4);
    }

    private static Arbitrary<List<Link>> links() {
        return Combinators.combine(text(), text()).as((l, u) -> new Link(l, u)).list().ofMaxSize(3);
    }

    private static Arbitrary<Object> payloads() {
        Arbitrary<String> nullableText = text().injectNull(0.3);
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1000);
        return Arbitraries.oneOf(
                Combinators.combine(text(), nullableText, strings(), links(), strings())
                        .as((t, c, s, l, g) -> (Object) new TalkCreated(t, c, s, l, g)),
                Combinators.combine(nullableText, nullableText, strings().injectNull(0.5),
                        links().injectNull(0.5), strings().injectNull(0.5))
                        .as((t, c, s, l, g) -> (Object) new TalkUpdated(t, c, s, l, g)),
                Combinators.combine(text(), nullableText, positions, text())
                        .as((n, p, pos, t) -> (Object) new NoteAdded(n, p, pos, t)),
                Combinators.combine(text(), text()).as((n, t) -> (Object) new NoteEdited(n, t)),
                Combinators.combine(text(), nullableText, positions).as((n, p, pos) -> (Object) new NoteMoved(n, p, pos)),
                text().map(n -> (Object) new NoteDeleted(n)),
                nullableText.map(r -> (Object) new TalkDeleted(r)));
    }
}
