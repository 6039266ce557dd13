package io.notespipeline.producer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.notespipeline.producer.ImportProblem;
import io.notespipeline.schemas.avro.Link;

/**
 * Reads a notes document: {@code #} conference title and intro, {@code ##} one talk each, the speaker
 * line, the link line, nested bullets (tabs or spaces) as the note tree, sub-headings as notes that hold
 * what follows them, and every other line (paragraph, image) as a note. Lines it cannot place are
 * returned as problems; the caller decides whether that fails the import.
 */
public final class MarkdownParser {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})(?:[ \\t]+(.*))?$");
    private static final Pattern BULLET = Pattern.compile("^([ \\t]*)([*+-]|\\d{1,9}[.)])(?:[ \\t]+(.*))?$");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern LINK_LINE = Pattern.compile("^(\\s*\\[[^\\]]*\\]\\([^)\\s]+\\)\\s*,?)+\\s*$");
    private static final Pattern RULE = Pattern.compile("^ {0,3}([-*_])([ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^[ \\t]*(```|~~~).*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Set<String> NAME_PARTICLES = Set.of("van", "von", "de", "der", "den", "da", "di", "du",
            "le", "la", "al", "bin", "ibn", "y");
    private static final int TAB_WIDTH = 4;

    private final List<ImportProblem> problems = new ArrayList<>();
    private final List<ParsedTalk> talks = new ArrayList<>();
    private final Deque<Section> sections = new ArrayDeque<>();
    private final Deque<Item> items = new ArrayDeque<>();
    private ParsedTalk conference;
    private ParsedTalk current;
    private ParsedNote lastNote;
    private StringBuilder fence;
    private int fenceLine;

    private record Section(int level, ParsedNote note) {
    }

    private record Item(int indent, ParsedNote note) {
    }

    /** @return the document read from {@code markdown}, with the lines it could not place. */
    public static ParsedDocument parse(String markdown) {
        MarkdownParser parser = new MarkdownParser();
        String[] lines = markdown.split("\\r?\\n|\\r", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line(i + 1, lines[i]);
        }
        parser.finish(lines.length);
        return new ParsedDocument(parser.conference, List.copyOf(parser.talks), List.copyOf(parser.problems));
    }

    private void line(int number, String line) {
        if (fence != null) {
            fence.append('\n').append(line);
            if (FENCE.matcher(line).matches()) {
                addParagraph(fenceLine, fence.toString());
                fence = null;
            }
            return;
        }
        if (line.isBlank()) {
            return;
        }
        Matcher heading = HEADING.matcher(line.strip());
        if (heading.matches()) {
            heading(number, heading.group(1).length(), heading.group(2) == null ? "" : heading.group(2).strip(),
                    line.strip());
            return;
        }
        if (current == null) {
            problems.add(new ImportProblem(number, "text before the first '#' or '##' heading"));
            return;
        }
        if (FENCE.matcher(line).matches()) {
            fence = new StringBuilder(line.strip());
            fenceLine = number;
            return;
        }
        Matcher bullet = BULLET.matcher(line);
        if (bullet.matches()) {
            bullet(number, bullet);
        } else if (!RULE.matcher(line).matches()) {
            text(number, line);
        }
    }

    private void finish(int lastLine) {
        if (fence != null) {
            problems.add(new ImportProblem(fenceLine, "code block opened here is never closed (document ends at line "
                    + lastLine + ")"));
        }
    }

    private void heading(int number, int level, String text, String raw) {
        if (level <= 2 && text.isEmpty()) {
            problems.add(new ImportProblem(number, "heading without a title"));
            return;
        }
        if (level == 1) {
            if (conference != null || !talks.isEmpty()) {
                problems.add(new ImportProblem(number, "a second '#' title; one document holds one conference"));
                return;
            }
            conference = new ParsedTalk(number, text, true);
            startSection(conference);
        } else if (level == 2) {
            ParsedTalk talk = new ParsedTalk(number, text, false);
            talks.add(talk);
            startSection(talk);
        } else if (current == null) {
            problems.add(new ImportProblem(number, "sub-heading before the first '#' or '##' heading"));
        } else {
            items.clear();
            while (!sections.isEmpty() && sections.peek().level() >= level) {
                sections.pop();
            }
            ParsedNote note = new ParsedNote(number, raw);
            attach(note, sections.isEmpty() ? null : sections.peek().note());
            sections.push(new Section(level, note));
            current.hasStructure = true;
        }
    }

    private void startSection(ParsedTalk talk) {
        current = talk;
        sections.clear();
        items.clear();
        lastNote = null;
    }

    private void bullet(int number, Matcher bullet) {
        String text = bullet.group(3) == null ? "" : bullet.group(3).strip();
        if (text.isEmpty()) {
            problems.add(new ImportProblem(number, "empty list item"));
            return;
        }
        String marker = bullet.group(2);
        if (Character.isDigit(marker.charAt(0))) {
            text = marker + " " + text;
        }
        int indent = indentWidth(bullet.group(1));
        while (!items.isEmpty() && items.peek().indent() > indent) {
            items.pop();
        }
        if (!items.isEmpty() && items.peek().indent() == indent) {
            items.pop();
        }
        ParsedNote parent = items.isEmpty() ? sectionNote() : items.peek().note();
        ParsedNote note = new ParsedNote(number, text);
        attach(note, parent);
        items.push(new Item(indent, note));
        current.hasStructure = true;
    }

    private void text(int number, String line) {
        String text = line.strip();
        if (Character.isWhitespace(line.charAt(0)) && !items.isEmpty() && lastNote != null) {
            lastNote.text = lastNote.text + "\n" + text; // lazy continuation of a list item
            return;
        }
        items.clear();
        if (!current.conferenceIntro && current.speakers.isEmpty() && current.notes.isEmpty()
                && current.links.isEmpty() && !LINK_LINE.matcher(text).matches() && !text.startsWith("!")) {
            current.speakers.addAll(speakers(text));
            return;
        }
        if (!current.conferenceIntro && current.links.isEmpty() && !current.hasStructure
                && LINK_LINE.matcher(text).matches()) {
            current.links.addAll(links(text));
            return;
        }
        addParagraph(number, text);
    }

    private void addParagraph(int number, String text) {
        items.clear();
        attach(new ParsedNote(number, text), sectionNote());
    }

    private ParsedNote sectionNote() {
        return sections.isEmpty() ? null : sections.peek().note();
    }

    private void attach(ParsedNote note, ParsedNote parent) {
        if (parent == null) {
            current.notes.add(note);
        } else {
            parent.children.add(note);
        }
        lastNote = note;
    }

    private static int indentWidth(String indent) {
        int width = 0;
        for (char c : indent.toCharArray()) {
            width = c == '\t' ? (width / TAB_WIDTH + 1) * TAB_WIDTH : width + 1;
        }
        return width;
    }

    /** Splits "A, B" into speakers; a part that does not look like a name stays with the previous one. */
    static List<String> speakers(String line) {
        List<String> out = new ArrayList<>();
        for (String part : line.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (out.isEmpty() || !looksLikeName(p)) {
                if (out.isEmpty()) {
                    out.add(p);
                } else {
                    out.set(out.size() - 1, out.get(out.size() - 1) + ", " + p);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean looksLikeName(String part) {
        for (String word : part.split("\\s+")) {
            char first = word.charAt(0);
            if (Character.isLowerCase(first) && !NAME_PARTICLES.contains(word.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return Character.isUpperCase(part.charAt(0));
    }

    /** Reads {@code [label](url), ...}; an empty label becomes "Link", a URL without scheme gets https://. */
    static List<Link> links(String line) {
        List<Link> out = new ArrayList<>();
        Matcher m = LINK.matcher(line);
        while (m.find()) {
            String label = m.group(1).strip().isEmpty() ? "Link" : m.group(1).strip();
            String url = m.group(2).strip();
            out.add(new Link(label, SCHEME.matcher(url).matches() ? url : "https://" + url));
        }
        return out;
    }
}
