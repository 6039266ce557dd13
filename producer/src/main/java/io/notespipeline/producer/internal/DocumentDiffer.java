package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.producer.DocumentState;
import io.notespipeline.producer.ImportOptions;
import io.notespipeline.producer.ImportPlan;
import io.notespipeline.producer.ImportProblem;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.producer.TalkChanges;
import io.notespipeline.producer.TalkState;

/**
 * Matches the talks of a parsed document to the talks as they stand (same normalised title, else the most
 * similar title, so a title typo fix keeps the talk id) and diffs each pair with {@link TalkDiffer}.
 */
public final class DocumentDiffer {

    /** Titles at least this similar name the same talk (a fixed typo), when no title matches exactly. */
    static final double TITLE_SIMILARITY = 0.75;

    /**
     * Id of a document with no {@code #} title, no conference and no {@code --document}: its talk ids have no
     * prefix; once a single untitled document gets a title it keeps this id.
     */
    public static final String UNTITLED = "untitled";

    private DocumentDiffer() {
    }

    /** @return the plan that turns {@code previous} into {@code parsed}, commands stamped per {@code options}. */
    public static ImportPlan diff(DocumentState previous, ParsedDocument parsed, ImportOptions options,
            List<ImportProblem> warnings) {
        String conference = options.conference() != null ? options.conference()
                : parsed.conference() == null ? null : parsed.conference().title;
        String documentId = documentId(previous, parsed, options, conference);
        String documentTag = TalkState.documentTag(documentId);
        Set<String> taken = new HashSet<>(previous.retired());
        previous.talks().forEach(t -> taken.add(t.talkId()));
        DocumentState scoped = previous.forDocument(documentId);
        TalkState oldIntro = scoped.talks().stream().filter(TalkState::isConferenceIntro).findFirst().orElse(null);
        List<TalkState> oldTalks = scoped.talks().stream().filter(t -> !t.isConferenceIntro()).toList();
        Map<ParsedTalk, TalkState> matched = matchTalks(oldTalks, parsed.talks());

        List<TalkChanges> changes = new ArrayList<>();
        List<TalkState> states = new ArrayList<>();
        if (parsed.conference() != null) {
            ParsedTalk intro = parsed.conference();
            String id = oldIntro != null ? oldIntro.talkId() : Ids.unique(Ids.slug(intro.title), taken);
            TalkState created = new TalkState(id, intro.title, conference, List.of(), List.of(),
                    List.of(TalkState.CONFERENCE_TAG, documentTag), List.of());
            add(TalkDiffer.diff(id, oldIntro, intro, created), intro.title, options, changes, states);
        }
        String prefix = documentId.equals(UNTITLED) ? "" : documentId + "--";
        for (ParsedTalk talk : parsed.talks()) {
            TalkState old = matched.get(talk);
            String id = old != null ? old.talkId() : Ids.unique(prefix + Ids.slug(talk.title), taken);
            List<String> tags = new ArrayList<>();
            tags.add(documentTag);
            talk.groups.forEach(g -> tags.add(TalkState.GROUP_TAG_PREFIX + g));
            TalkState created = new TalkState(id, talk.title, conference, talk.speakers, talk.links, tags,
                    List.of());
            add(TalkDiffer.diff(id, old, talk, created), talk.title, options, changes, states);
        }
        if (options.deleteMissing()) {
            Set<TalkState> kept = new HashSet<>(matched.values());
            for (TalkState old : scoped.talks()) {
                boolean introKept = old == oldIntro && parsed.conference() != null;
                if (!kept.contains(old) && !introKept) {
                    NoteCommand delete = stamp(NoteCommand.deleteTalk(old.talkId(), "removed from the document"),
                            options);
                    changes.add(new TalkChanges(old.talkId(), old.title(), List.of(delete)));
                }
            }
        }
        Set<String> retired = new HashSet<>(previous.retired());
        Set<String> live = new HashSet<>();
        states.forEach(t -> live.add(t.talkId()));
        scoped.talks().stream().map(TalkState::talkId).filter(id -> !live.contains(id) && options.deleteMissing())
                .forEach(retired::add);
        return new ImportPlan(changes, warnings, new DocumentState(states, retired));
    }

    /**
     * The document's id: {@code options.document()}, else the slug of the title (or conference) when the
     * previous state has that document, else the one id a single-document previous state carries when its
     * title is similar (a fixed typo keeps the id) or it had none, else the new slug, else "document".
     */
    static String documentId(DocumentState previous, ParsedDocument parsed, ImportOptions options,
            String conference) {
        if (options.document() != null && !options.document().isBlank()) {
            return ImportOptions.documentIdOf(options.document());
        }
        String title = parsed.conference() != null ? parsed.conference().title : conference;
        String slug = title == null ? "" : Ids.slug(title);
        if (!slug.isEmpty() && !previous.forDocument(slug).talks().isEmpty()) {
            return slug;
        }
        String single = previous.singleDocumentId();
        if (single != null && title != null) {
            List<TalkState> intros = previous.talks().stream().filter(TalkState::isConferenceIntro).toList();
            boolean renamed = intros.isEmpty() || intros.stream().anyMatch(t -> Similarity.of(Similarity.normalize(t.title()), Similarity.normalize(title))
                            >= TITLE_SIMILARITY);
            if (renamed) {
                return single;
            }
        }
        return slug.isEmpty() ? UNTITLED : slug;
    }

    private static void add(TalkDiffer.Result result, String title, ImportOptions options, List<TalkChanges> changes,
            List<TalkState> states) {
        List<NoteCommand> stamped = result.commands().stream().map(c -> stamp(c, options)).toList();
        changes.add(new TalkChanges(result.state().talkId(), title, stamped));
        states.add(result.state());
    }

    private static NoteCommand stamp(NoteCommand command, ImportOptions options) {
        return command.withAuthor(options.author()).withOccurredAt(options.at())
                .withCorrelationId(options.correlationId());
    }

    private static Map<ParsedTalk, TalkState> matchTalks(List<TalkState> oldTalks, List<ParsedTalk> newTalks) {
        Map<String, Deque<TalkState>> byTitle = new HashMap<>();
        for (TalkState old : oldTalks) {
            byTitle.computeIfAbsent(Similarity.normalize(old.title()), k -> new ArrayDeque<>()).add(old);
        }
        Map<ParsedTalk, TalkState> matched = new LinkedHashMap<>();
        Set<TalkState> used = new HashSet<>();
        for (ParsedTalk talk : newTalks) {
            Deque<TalkState> same = byTitle.get(Similarity.normalize(talk.title));
            if (same != null && !same.isEmpty()) {
                TalkState old = same.poll();
                matched.put(talk, old);
                used.add(old);
            }
        }
        record Pair(ParsedTalk talk, TalkState old, double similarity) {
        }
        List<Pair> candidates = new ArrayList<>();
        for (ParsedTalk talk : newTalks) {
            if (matched.containsKey(talk)) {
                continue;
            }
            for (TalkState old : oldTalks) {
                if (!used.contains(old)) {
                    double sim = Similarity.of(Similarity.normalize(old.title()), Similarity.normalize(talk.title));
                    if (sim >= TITLE_SIMILARITY) {
                        candidates.add(new Pair(talk, old, sim));
                    }
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
        for (Pair pair : candidates) {
            if (!matched.containsKey(pair.talk()) && !used.contains(pair.old())) {
                matched.put(pair.talk(), pair.old());
                used.add(pair.old());
            }
        }
        return matched;
    }
}
