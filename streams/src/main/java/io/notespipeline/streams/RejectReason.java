package io.notespipeline.streams;

/** Why a well-formed event could not be applied to its talk. The name is the code on {@code notes.events.rejected}. */
public enum RejectReason {
    /** An event other than {@code TalkCreated} for a talk that does not exist. */
    TALK_NOT_FOUND,
    /** A {@code TalkCreated} for a talk that already exists. */
    TALK_EXISTS,
    /** Any event for a talk that has been deleted. */
    TALK_DELETED,
    /** {@code expectedRevision} is set and differs from the talk's revision. */
    STALE_REVISION,
    /** An edit, move or delete of a note that does not exist, or an add/move under a parent that does not exist. */
    UNKNOWN_NOTE,
    /** A {@code NoteAdded} whose note id is already used in the talk. */
    DUPLICATE_NOTE,
    /** A move of a note under itself or one of its descendants. */
    INVALID_MOVE,
    /** A negative position. */
    INVALID_POSITION,
    /** The event's {@code talkId} is not the talk it was folded into (its record key). */
    WRONG_TALK
}
