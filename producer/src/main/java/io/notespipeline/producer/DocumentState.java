package io.notespipeline.producer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;

/**
 * The talks of one document as they stand: what a re-import is diffed against. Build it from the
 * talk views ({@link #fromViews}), take it from the previous {@link ImportPlan#state()}, or start
 * from {@link #empty()} for a first import.
 *
 * @param talks   the talks, the conference intro (if any) first
 * @param retired ids of deleted talks: never given to a new talk
 */
public record DocumentState(List<TalkState> talks, Set<String> retired) {

    public DocumentState {
        talks = List.copyOf(talks);
        retired = Set.copyOf(retired);
    }

    public DocumentState(List<TalkState> talks) {
        this(talks, Set.of());
    }

    /** @return the talks of document {@code documentId} only (tag {@code document:<id>}); retired ids are kept. */
    public DocumentState forDocument(String documentId) {
        return new DocumentState(talks.stream().filter(t -> documentId.equals(t.documentId())).toList(), retired);
    }

    /** @return the one document id every talk of this state carries, or null when there is none or several. */
    public String singleDocumentId() {
        Set<String> ids = new HashSet<>();
        for (TalkState talk : talks) {
            ids.add(String.valueOf(talk.documentId()));
        }
        return ids.size() == 1 && !ids.contains("null") ? ids.iterator().next() : null;
    }

    /** @return a state with no talks: everything in the document is new. */
    public static DocumentState empty() {
        return new DocumentState(List.of());
    }

    /**
     * @param views the current views of the document's talks (deleted ones are ignored)
     * @return the state those views describe
     */
    public static DocumentState fromViews(Collection<TalkView> views) {
        return fromViews(views, Map.of());
    }

    /**
     * @param views     the current views of the document's talks (deleted ones are ignored)
     * @param expected  per talk id, the revision the last import left it at (from the log); a talk missing here
     *                  is expected at its view's revision. The import's events carry it as
     *                  {@code expectedRevision}: an edit made since then makes them stale, nothing is overwritten
     * @return the state those views describe
     */
    public static DocumentState fromViews(Collection<TalkView> views, Map<String, Long> expected) {
        List<TalkState> talks = new ArrayList<>();
        Set<String> retired = new HashSet<>();
        for (TalkView view : views) {
            if (view.getDeleted()) {
                retired.add(view.getTalkId());
            } else {
                talks.add(new TalkState(view.getTalkId(), view.getTitle(), view.getConference(), view.getSpeakers(),
                        view.getLinks(), view.getTags(), notes(view.getNotes()),
                        expected.getOrDefault(view.getTalkId(), view.getRevision())));
            }
        }
        return new DocumentState(talks, retired);
    }

    private static List<NoteState> notes(List<NoteNode> nodes) {
        List<NoteState> out = new ArrayList<>(nodes.size());
        for (NoteNode node : nodes) {
            out.add(new NoteState(node.getNoteId(), node.getText(), notes(node.getChildren())));
        }
        return out;
    }

    /** @return the talk with this id, if present. */
    public Optional<TalkState> talk(String talkId) {
        return talks.stream().filter(t -> t.talkId().equals(talkId)).findFirst();
    }
}
