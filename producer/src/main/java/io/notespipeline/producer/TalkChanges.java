package io.notespipeline.producer;

import java.util.List;

/**
 * The commands an import makes for one talk, in the order they must be applied.
 *
 * @param talkId   the talk
 * @param title    its title in the imported document
 * @param commands what changes, possibly empty
 */
public record TalkChanges(String talkId, String title, List<NoteCommand> commands) {

    public TalkChanges {
        commands = List.copyOf(commands);
    }
}
