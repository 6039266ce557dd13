package io.notespipeline.streams.internal;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.notespipeline.schemas.avro.TalkView;

/**
 * Keys of the secondary index of talks by speaker, tag and conference:
 * {@code <field> NUL <lower-cased value> NUL <talkId>}, so that a prefix scan of
 * {@code <field> NUL <value> NUL} lists the talks with that value. The index lives in the same
 * task as the talk (it is partitioned by talk), so a lookup asks every instance.
 */
public final class TalkIndex {

    public static final String SPEAKER = "speaker";
    public static final String TAG = "tag";
    public static final String CONFERENCE = "conference";
    private static final char SEP = '\u0000';

    private TalkIndex() {
    }

    /** @return the prefix of every index key for {@code field = value}. */
    public static String prefix(String field, String value) {
        return field + SEP + normalize(value) + SEP;
    }

    /** @return every index key of {@code view}; empty for null. */
    public static Set<String> keys(TalkView view) {
        Set<String> out = new TreeSet<>();
        if (view == null) {
            return out;
        }
        String id = view.getTalkId();
        view.getSpeakers().forEach(s -> out.add(prefix(SPEAKER, s) + id));
        view.getTags().forEach(t -> out.add(prefix(TAG, t) + id));
        if (view.getConference() != null) {
            out.add(prefix(CONFERENCE, view.getConference()) + id);
        }
        return out;
    }

    /** @return {@code value} as the index stores it: trimmed and lower case. */
    public static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
