package io.notespipeline.schemas.contract.internal;

import java.util.List;
import java.util.Set;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

/**
 * The building blocks of the built-in contract's rules as plain Java, with the semantics the CEL rules have
 * under Confluent's Java binding ({@link CelBinding}): {@code size} counts code points, RE2's {@code \s} is
 * {@code [\t\n\f\r ]}, a {@code null} where CEL calls a function on it is an evaluation error (the rule is
 * broken), and a payload field the branch does not have reads as absent ({@code null} here: every rule
 * treats an absent and a null field alike). {@code BuiltInContracts} pairs each of its CEL rules with a
 * predicate built from these; a jqwik property ({@code CompiledRulesProperties}) checks both give the same
 * verdict on generated events.
 */
public final class CompiledChecks {

    /** The payload classes the predicates know; any other payload is left to CEL. */
    public static final Set<Class<?>> PAYLOADS = Set.of(TalkCreated.class, TalkUpdated.class, NoteAdded.class,
            NoteEdited.class, NoteMoved.class, NoteDeleted.class, TalkDeleted.class);

    private CompiledChecks() {
    }

    /** @return true when the predicates apply to {@code record}: a generated NoteEvent with a known payload */
    public static boolean applies(Object record) {
        return record instanceof NoteEvent e && e.getPayload() != null && PAYLOADS.contains(e.getPayload().getClass());
    }

    /** CEL {@code s.matches('^\\s*\\S[\\s\\S]*$')}: a character other than RE2's ASCII whitespace. */
    public static boolean nonBlank(String s) {
        if (s == null) {
            throw new NullPointerException("matches on null");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    /** CEL {@code s.matches('^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$')}. */
    public static boolean plain(String s) {
        if (s == null) {
            throw new NullPointerException("matches on null");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x08 || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || (c >= 0x7F && c <= 0x9F)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The three rules of a text field in one pass: {@link #nonBlank}, {@link #atMost} {@code max} and {@link #plain}
     * all hold (the fused check of a valid event scans each string once instead of three times).
     */
    public static boolean plainNonBlankAtMost(String s, int max) {
        if (s == null) {
            return false;
        }
        int n = s.length();
        boolean nonBlank = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > ' ' && c < 0x7F) {
                nonBlank = true;
            } else if (c <= 0x08 || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || (c >= 0x7F && c <= 0x9F)) {
                return false;
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                nonBlank = true;
            }
        }
        return nonBlank && (n <= max || s.codePointCount(0, n) <= max);
    }

    /** CEL {@code size(s) <= max}: code points, not UTF-16 units. */
    public static boolean atMost(String s, int max) {
        if (s == null) {
            throw new NullPointerException("size of null");
        }
        return s.length() <= max || s.codePointCount(0, s.length()) <= max;
    }

    /** CEL {@code s.matches('^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$')}. */
    public static boolean talkId(String s) {
        if (s == null) {
            throw new NullPointerException("matches on null");
        }
        if (s.isEmpty() || s.length() > 200) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** CEL {@code s.matches(pattern)} with the same RE2 engine and cache as the CEL binding. */
    public static boolean matches(String s, String pattern) {
        if (s == null) {
            throw new NullPointerException("matches on null");
        }
        return CachedRegex.matches(s, pattern);
    }

    /** A string field of the payload branch; null when the branch has none. */
    public static String title(Object p) {
        return p instanceof TalkCreated c ? c.getTitle() : p instanceof TalkUpdated u ? u.getTitle() : null;
    }

    public static String conference(Object p) {
        return p instanceof TalkCreated c ? c.getConference() : p instanceof TalkUpdated u ? u.getConference() : null;
    }

    public static List<String> speakers(Object p) {
        return p instanceof TalkCreated c ? c.getSpeakers() : p instanceof TalkUpdated u ? u.getSpeakers() : null;
    }

    public static List<String> tags(Object p) {
        return p instanceof TalkCreated c ? c.getTags() : p instanceof TalkUpdated u ? u.getTags() : null;
    }

    public static List<Link> links(Object p) {
        return p instanceof TalkCreated c ? c.getLinks() : p instanceof TalkUpdated u ? u.getLinks() : null;
    }

    public static String noteId(Object p) {
        if (p instanceof NoteAdded a) {
            return a.getNoteId();
        } else if (p instanceof NoteEdited e) {
            return e.getNoteId();
        } else if (p instanceof NoteMoved m) {
            return m.getNoteId();
        }
        return p instanceof NoteDeleted d ? d.getNoteId() : null;
    }

    public static String text(Object p) {
        return p instanceof NoteAdded a ? a.getText() : p instanceof NoteEdited e ? e.getText() : null;
    }

    public static String parentId(Object p) {
        return p instanceof NoteAdded a ? a.getParentId() : p instanceof NoteMoved m ? m.getParentId() : null;
    }

    /** @return the position, null when the branch has none */
    public static Integer position(Object p) {
        return p instanceof NoteAdded a ? Integer.valueOf(a.getPosition())
                : p instanceof NoteMoved m ? Integer.valueOf(m.getPosition()) : null;
    }

    /** @return true for a branch with title, conference, speakers, links and tags all null */
    public static boolean talkFieldsAllNull(Object p) {
        if (p instanceof TalkCreated c) {
            return c.getTitle() == null && c.getConference() == null && c.getSpeakers() == null
                    && c.getLinks() == null && c.getTags() == null;
        } else if (p instanceof TalkUpdated u) {
            return u.getTitle() == null && u.getConference() == null && u.getSpeakers() == null
                    && u.getLinks() == null && u.getTags() == null;
        }
        return false;
    }
}
