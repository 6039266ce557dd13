package io.notespipeline.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.avro.specific.SpecificRecord;

/**
 * What importing a document changes, computed against the talks as they stood: per talk, only the
 * commands that make the old state into the new one. Publish {@link #commands()} as one atomic batch
 * ({@link NotePublisher#publishBatch}); keep {@link #state()} as the base of the next import.
 *
 * @param talks    every talk of the document and every deleted one, with its commands (possibly none)
 * @param warnings lines skipped in lenient mode (empty in strict mode)
 * @param state    the talks as they stand once the commands are applied
 */
public record ImportPlan(List<TalkChanges> talks, List<ImportProblem> warnings, DocumentState state) {

    public ImportPlan {
        talks = List.copyOf(talks);
        warnings = List.copyOf(warnings);
    }

    /** @return every command, talk after talk. */
    public List<NoteCommand> commands() {
        return talks.stream().flatMap(t -> t.commands().stream()).toList();
    }

    /** @return how many commands carry a payload of {@code type} (e.g. {@code NoteEdited.class}). */
    public long count(Class<? extends SpecificRecord> type) {
        return commands().stream().filter(c -> type.isInstance(c.payload())).count();
    }

    /** @return the commands for one talk (empty if the talk is unchanged or unknown). */
    public List<NoteCommand> commandsFor(String talkId) {
        return talks.stream().filter(t -> t.talkId().equals(talkId)).findFirst()
                .map(TalkChanges::commands).orElse(List.of());
    }

    /**
     * Publishes every command as one atomic batch: the whole save of the document lands or nothing does.
     *
     * @param publisher a started publisher
     * @param progress  told how many events the broker acknowledged so far (e.g. for a progress bar)
     * @return the receipts in command order (empty when the plan changes nothing)
     * @throws ValidationException when an event breaks a rule (nothing is sent)
     */
    public CompletableFuture<List<PublishReceipt>> publishWith(NotePublisher publisher, BatchProgress progress) {
        return publisher.publishBatch(commands(), PublishOptions.none().withProgress(progress));
    }

    /** @return true when the document changes nothing. */
    public boolean isEmpty() {
        return talks.stream().allMatch(t -> t.commands().isEmpty());
    }
}
