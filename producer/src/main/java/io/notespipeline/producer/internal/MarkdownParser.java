package io.notespipeline.producer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.Block;
import org.commonmark.node.BulletList;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import io.notespipeline.producer.ImportProblem;
import io.notespipeline.schemas.avro.Link;

/**
 * Reads a notes document with a CommonMark parser (commonmark-java, with source positions) and infers its
 * structure by rules, whatever the file's layout:
 * <ul>
 * <li><b>Sections.</b> ATX and setext headings open sections; a line {@code ##Title} (no space, as classic
 * Markdown allows) is a heading too. Sections nest by level.</li>
 * <li><b>Title.</b> A {@code #} heading that starts the document is its title when no other top-level
 * section holds sub-sections (other {@code #} sections beside it, like a trailing "Things to Google", are
 * entries of their own). Without one, a one-line paragraph that starts the document names it when a grouping
 * section (or a bold talk line) follows. What is under the title before the first section is the intro.</li>
 * <li><b>Talk level.</b> Going down the section tree, a depth where most sections hold sub-sections and no
 * text of their own is a grouping level (days, tracks: each talk below gets the tag {@code group:<title>});
 * the first other depth holds the talks. When most sections at that depth start with a bold line
 * ({@code **A. Title**}), the bold lines are the talks and the sections group them. Deeper headings are
 * notes of their talk that hold what follows them. A section above the talk level with no sections under
 * it (e.g. "Things to Google") is an entry of its own. A schedule label ({@code A.}, {@code 3)}) before a
 * talk title is not part of it.</li>
 * <li><b>Talk metadata.</b> Before its notes, a talk may have a speaker line ({@code Speaker: X},
 * {@code Speakers: X, Y and Z}, a first list item {@code speaker: X} or {@code speakers:} with one sub-item
 * per speaker, or a plain one-line paragraph, {@code "A, B"}) and a link line
 * ({@code [Slide deck](url), [Video](url)}).</li>
 * <li><b>Notes.</b> List items nest by the list structure (tabs or spaces); every other block (paragraph,
 * code block, quote, image) is a note with its Markdown source as text.</li>
 * </ul>
 * What cannot be placed is returned as a problem (text before the first heading, text in a section that
 * groups talks, a heading without a title, a code block never closed); an empty list item is skipped and
 * reported as a non-blocking problem. The caller decides whether problems fail the import.
 */
public final class MarkdownParser {

    private static final Parser COMMONMARK = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();
    private static final Pattern NO_SPACE_HEADING = Pattern.compile("^(#{1,6})([^#\\s].*)$");
    private static final Pattern ATX_TEXT = Pattern.compile("^\\s{0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
    private static final Pattern LABEL = Pattern.compile("^(?:[A-Z]|\\d{1,3})[.)]\\s+(\\S.*)$");
    private static final Pattern SPEAKER = Pattern.compile("(?i)^(speakers?|presenters?)\\s*:\\s*(.*)$");
    private static final Pattern ORDERED_MARKER = Pattern.compile("^\\s*(\\d{1,9}[.)])");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern LINK_LINE = Pattern.compile("^(\\s*\\[[^\\]]*\\]\\([^)\\s]+\\)\\s*,?)+\\s*$");
    private static final Pattern IMAGE_LINE = Pattern.compile("^!\\[[^\\]]*\\]\\(.*\\)$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern AND = Pattern.compile("\\s+(?:and|&)\\s+");
    private static final Set<String> NAME_PARTICLES = Set.of("van", "von", "de", "der", "den", "da", "di", "du",
            "le", "la", "al", "bin", "ibn", "y");

    private final String[] lines;
    private final List<ImportProblem> problems = new ArrayList<>();
    private final List<ParsedTalk> talks = new ArrayList<>();
    private ParsedTalk conference;

    /** A top-level block: a heading (or bold line), or content. */
    private record Item(int line, Node node, Head head, String text) {
        boolean isHead() {
            return head != null && !head.bold();
        }

        boolean isBold() {
            return head != null && head.bold();
        }
    }

    private record Head(int level, String title, String raw, boolean bold) {
    }

    private static final class Section {
        final Item item;
        final int level;
        final List<Item> content = new ArrayList<>();
        final List<Section> children = new ArrayList<>();

        Section(Item item, int level) {
            this.item = item;
            this.level = level;
        }

        boolean hasText() {
            return !content.isEmpty();
        }

        String title() {
            return item.head().title();
        }
    }

    private MarkdownParser(String markdown) {
        this.lines = markdown.split("\\r\\n|\\n|\\r", -1);
    }

    /** @return the document read from {@code markdown}, with the lines it could not place. */
    public static ParsedDocument parse(String markdown) {
        MarkdownParser parser = new MarkdownParser(markdown);
        parser.read(COMMONMARK.parse(markdown));
        return new ParsedDocument(parser.conference, List.copyOf(parser.talks), List.copyOf(parser.problems));
    }

    // ---- the section tree ----

    private void read(Node document) {
        Section root = new Section(null, 0);
        Deque<Section> open = new ArrayDeque<>();
        open.push(root);
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            for (Item item : items(node)) {
                if (item.isHead()) {
                    while (open.peek().level >= item.head().level()) {
                        open.pop();
                    }
                    Section section = new Section(item, item.head().level());
                    open.peek().children.add(section);
                    open.push(section);
                } else {
                    open.peek().content.add(item);
                }
            }
        }
        structure(root);
    }

    private List<Item> items(Node node) {
        int line = line(node);
        if (node instanceof Heading heading) {
            return List.of(new Item(line, node, headingHead(heading), null));
        }
        if (node instanceof ThematicBreak) {
            return List.of();
        }
        if (node instanceof Paragraph paragraph) {
            List<String> text = sourceLines(paragraph);
            Matcher noSpace = NO_SPACE_HEADING.matcher(text.get(0));
            if (noSpace.matches()) {
                List<Item> out = new ArrayList<>();
                String title = noSpace.group(2).replaceAll("\\s+#+\\s*$", "").strip();
                out.add(new Item(line, node, new Head(noSpace.group(1).length(), title, text.get(0), false), null));
                if (text.size() > 1) {
                    out.add(new Item(line + 1, node, null, String.join("\n", text.subList(1, text.size()))));
                }
                return out;
            }
            String bold = boldLine(paragraph, text);
            if (bold != null) {
                return List.of(new Item(line, node, new Head(7, bold, text.get(0), true), null));
            }
        }
        return List.of(new Item(line, node, null, null));
    }

    private Head headingHead(Heading heading) {
        List<String> text = sourceLines(heading);
        String title;
        String raw;
        Matcher atx = ATX_TEXT.matcher(text.get(0));
        if (text.size() == 1 && atx.matches()) {
            title = atx.group(1) == null ? "" : atx.group(1).strip();
            raw = text.get(0).strip();
        } else { // setext: the text lines, then the underline
            title = String.join(" ", text.subList(0, Math.max(1, text.size() - 1))).strip();
            raw = "#".repeat(heading.getLevel()) + " " + title;
        }
        return new Head(heading.getLevel(), title, raw, false);
    }

    /** @return the text of a one-line paragraph that is only bold ({@code **A. Title**}), else null. */
    private static String boldLine(Paragraph paragraph, List<String> text) {
        Node only = paragraph.getFirstChild();
        if (text.size() != 1 || only == null || only.getNext() != null) {
            return null;
        }
        if (!(only instanceof StrongEmphasis) && !(only instanceof Emphasis)) {
            return null;
        }
        String line = text.get(0).strip();
        boolean strong = only instanceof StrongEmphasis || (line.startsWith("__") && line.endsWith("__"));
        if (!strong || line.length() <= 4) {
            return null;
        }
        return line.substring(2, line.length() - 2).strip();
    }

    private void structure(Section root) {
        List<Section> body = root.children;
        List<Section> entries = List.of();
        List<Item> preface = root.content;
        Section first = body.isEmpty() ? null : body.get(0);
        boolean headingTitle = first != null && root.content.isEmpty() && first.level == 1
                && (body.size() == 1 || !first.children.isEmpty())
                && body.stream().skip(1).allMatch(s -> s.children.isEmpty());
        if (headingTitle) {
            entries = body.subList(1, body.size());
            body = first.children;
            if (first.title().isEmpty()) {
                problem(first.item.line(), "heading without a title");
            } else {
                conference = new ParsedTalk(first.item.line(), first.title(), true);
                List<Item> intro = first.content;
                int bold = indexOfBold(intro);
                if (body.isEmpty() && bold >= 0) { // the bold lines under the title are the talks
                    splitBold(intro.subList(bold, intro.size()), List.of(), List.of());
                    intro = intro.subList(0, bold);
                }
                notes(conference, intro, List.of(), true);
            }
            preface = List.of();
        }

        int talkDepth = talkDepth(body);
        boolean rootBold = body.isEmpty() && !preface.isEmpty() && (preface.get(0).isBold()
                || (preface.size() > 1 && isTitleLine(preface.get(0)) && preface.get(1).isBold()));
        boolean boldTalks = body.isEmpty() ? rootBold : startWithBold(atDepth(body, talkDepth));

        if (!preface.isEmpty()) {
            boolean groupsFollow = first != null && (talkDepth > 1 || (boldTalks && talkDepth == 1));
            boolean titled = isTitleLine(preface.get(0)) && (groupsFollow || rootBold);
            if (titled) {
                Item line = preface.get(0);
                conference = new ParsedTalk(line.line(), sourceLines(line.node()).get(0), true);
                preface = preface.subList(1, preface.size());
            }
            if (rootBold) {
                splitBold(preface, List.of(), List.of());
                preface = List.of();
            } else if (titled) {
                notes(conference, preface, List.of(), true);
                preface = List.of();
            }
        }
        for (Item item : preface) {
            problem(item.line(), "text before the first heading (a '#' heading or a title line names the document)");
        }
        for (Section section : body) {
            walk(section, 1, talkDepth, boldTalks, List.of());
        }
        for (Section entry : entries) {
            talk(entry, List.of());
        }
    }

    private static int indexOfBold(List<Item> items) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isBold()) {
                return i;
            }
        }
        return -1;
    }

    /** @return the first depth (1 = the body's sections) that is not a grouping level. */
    private static int talkDepth(List<Section> body) {
        int depth = 1;
        List<Section> level = body;
        while (!level.isEmpty()) {
            long grouping = level.stream().filter(s -> !s.children.isEmpty() && !s.hasText()).count();
            if (grouping * 2 <= level.size()) {
                return depth;
            }
            level = level.stream().flatMap(s -> s.children.stream()).toList();
            depth++;
        }
        return depth;
    }

    private static List<Section> atDepth(List<Section> body, int depth) {
        List<Section> level = body;
        for (int d = 1; d < depth; d++) {
            level = level.stream().flatMap(s -> s.children.stream()).toList();
        }
        return level;
    }

    /** @return true when most of {@code sections} start with a bold line: the bold lines are the talks. */
    private static boolean startWithBold(List<Section> sections) {
        if (sections.isEmpty()) {
            return false;
        }
        long bold = sections.stream().filter(s -> !s.content.isEmpty() && s.content.get(0).isBold()).count();
        return bold * 2 > sections.size();
    }

    private boolean isTitleLine(Item item) {
        if (!(item.node() instanceof Paragraph) || item.text() != null || item.head() != null) {
            return false;
        }
        List<String> text = sourceLines(item.node());
        return text.size() == 1 && !LINK_LINE.matcher(text.get(0)).matches() && !text.get(0).startsWith("!");
    }

    private void walk(Section section, int depth, int talkDepth, boolean boldTalks, List<String> groups) {
        if (section.title().isEmpty() && depth <= talkDepth) {
            problem(section.item.line(), "heading without a title");
            return;
        }
        if (depth < talkDepth) {
            if (section.children.isEmpty()) {
                talk(section, groups);
                return;
            }
            for (Item item : section.content) {
                problem(item.line(), "text under '" + section.title() + "', a section that groups talks, belongs"
                        + " to no talk");
            }
            List<String> inner = with(groups, section.title());
            for (Section child : section.children) {
                walk(child, depth + 1, talkDepth, boldTalks, inner);
            }
        } else if (boldTalks && section.content.stream().anyMatch(Item::isBold)) {
            splitBold(section.content, with(groups, section.title()), section.children);
        } else {
            talk(section, groups);
        }
    }

    private static List<String> with(List<String> groups, String title) {
        List<String> out = new ArrayList<>(groups);
        out.add(title);
        return out;
    }

    /** Bold lines are the talks: each holds what follows it; sub-sections go to the last one. */
    private void splitBold(List<Item> content, List<String> groups, List<Section> subsections) {
        ParsedTalk current = null;
        List<Item> body = new ArrayList<>();
        for (Item item : content) {
            if (item.isBold()) {
                if (current != null) {
                    notes(current, body, List.of(), false);
                }
                current = newTalk(item.line(), item.head().title(), groups);
                body = new ArrayList<>();
            } else if (current == null) {
                problem(item.line(), "text before the first talk" + (groups.isEmpty() ? ""
                        : " of '" + groups.get(groups.size() - 1) + "'") + " belongs to no talk");
            } else {
                body.add(item);
            }
        }
        if (current != null) {
            notes(current, body, subsections, false);
        } else {
            subsections.forEach(s -> problem(s.item.line(), "section before the first talk belongs to no talk"));
        }
    }

    private void talk(Section section, List<String> groups) {
        if (section.title().isEmpty()) {
            problem(section.item.line(), "heading without a title");
            return;
        }
        ParsedTalk talk = newTalk(section.item.line(), section.title(), groups);
        notes(talk, section.content, section.children, false);
    }

    private ParsedTalk newTalk(int line, String heading, List<String> groups) {
        Matcher label = LABEL.matcher(heading);
        ParsedTalk talk = new ParsedTalk(line, label.matches() ? label.group(1).strip() : heading, false);
        talk.groups.addAll(groups);
        talks.add(talk);
        return talk;
    }

    // ---- a talk's content ----

    private void notes(ParsedTalk talk, List<Item> content, List<Section> subsections, boolean intro) {
        boolean first = true;
        boolean structure = false;
        for (Item item : content) {
            Node node = item.node();
            boolean wasFirst = first;
            first = false;
            if (item.text() != null) {
                talk.notes.add(new ParsedNote(item.line(), item.text()));
            } else if (node instanceof Paragraph paragraph) {
                List<String> text = sourceLines(paragraph);
                String joined = String.join("\n", text);
                Matcher speaker = SPEAKER.matcher(joined);
                if (!intro && wasFirst && text.size() == 1 && speaker.matches() && !speaker.group(2).isBlank()) {
                    talk.speakers.addAll(speakers(speaker.group(2), speaker.group(1).toLowerCase(Locale.ROOT)
                            .endsWith("s")));
                } else if (!intro && wasFirst && text.size() == 1 && !LINK_LINE.matcher(joined).matches()
                        && !joined.startsWith("!")) {
                    talk.speakers.addAll(speakers(joined, false));
                } else if (!intro && talk.links.isEmpty() && !structure && text.size() == 1
                        && LINK_LINE.matcher(joined).matches()) {
                    talk.links.addAll(links(joined));
                } else {
                    talk.notes.addAll(paragraph(item.line(), text));
                }
            } else if (node instanceof ListBlock list) {
                structure = true;
                Node start = list.getFirstChild();
                if (!intro && wasFirst && list instanceof BulletList && start instanceof ListItem listItem
                        && speakerItem(talk, listItem)) {
                    start = start.getNext();
                }
                listItems(start, list, talk.notes);
            } else {
                ParsedNote note = block(node);
                if (note != null) {
                    talk.notes.add(note);
                }
            }
        }
        for (Section sub : subsections) {
            talk.notes.add(subsection(sub));
        }
    }

    private ParsedNote subsection(Section section) {
        ParsedTalk holder = new ParsedTalk(section.item.line(), section.title(), true);
        notes(holder, section.content, section.children, true);
        ParsedNote note = new ParsedNote(section.item.line(), section.item.head().raw());
        note.children.addAll(holder.notes);
        return note;
    }

    /** Reads a first list item {@code speaker: X} / {@code speakers:} (with sub-items): true if it was one. */
    private boolean speakerItem(ParsedTalk talk, ListItem item) {
        if (!(item.getFirstChild() instanceof Paragraph paragraph)) {
            return false;
        }
        List<String> text = sourceLines(paragraph);
        Matcher speaker = SPEAKER.matcher(text.get(0));
        if (text.size() != 1 || !speaker.matches()) {
            return false;
        }
        boolean plural = speaker.group(1).toLowerCase(Locale.ROOT).endsWith("s");
        String value = speaker.group(2).strip();
        if (!value.isEmpty()) {
            talk.speakers.addAll(speakers(value, plural));
            for (Node child = paragraph.getNext(); child != null; child = child.getNext()) {
                addBlock(child, talk.notes); // details under the speaker line stay notes
            }
            return true;
        }
        boolean any = false;
        for (Node child = paragraph.getNext(); child != null; child = child.getNext()) {
            if (child instanceof ListBlock list) {
                for (Node sub = list.getFirstChild(); sub != null; sub = sub.getNext()) {
                    if (sub.getFirstChild() instanceof Paragraph name) {
                        talk.speakers.addAll(speakers(String.join(" ", sourceLines(name)), false));
                        any = true;
                        for (Node more = name.getNext(); more != null; more = more.getNext()) {
                            addBlock(more, talk.notes);
                        }
                    }
                }
            } else {
                addBlock(child, talk.notes);
            }
        }
        if (!any) {
            problems.add(new ImportProblem(line(item), "speaker line without a name", false));
        }
        return true;
    }

    private void listItems(Node start, ListBlock list, List<ParsedNote> into) {
        for (Node node = start; node != null; node = node.getNext()) {
            if (node instanceof ListItem item) {
                listItem(item, list, into);
            }
        }
    }

    private void listItem(ListItem item, ListBlock list, List<ParsedNote> into) {
        Node child = item.getFirstChild();
        List<ParsedNote> children = into;
        if (child instanceof Paragraph paragraph) {
            String text = String.join("\n", sourceLines(paragraph));
            if (list instanceof OrderedList) {
                Matcher marker = ORDERED_MARKER.matcher(lines[line(item) - 1].substring(column(item)));
                text = (marker.find() ? marker.group(1) : ((OrderedList) list).getMarkerStartNumber() + ".") + " "
                        + text;
            }
            ParsedNote note = new ParsedNote(line(item), text);
            into.add(note);
            children = note.children;
            child = child.getNext();
        } else {
            problems.add(new ImportProblem(line(item), "empty list item", false));
        }
        for (; child != null; child = child.getNext()) {
            addBlock(child, children);
        }
    }

    private void addBlock(Node node, List<ParsedNote> into) {
        if (node instanceof ListBlock list) {
            listItems(list.getFirstChild(), list, into);
        } else if (node instanceof Paragraph) {
            into.addAll(paragraph(line(node), sourceLines(node)));
        } else {
            ParsedNote note = block(node);
            if (note != null) {
                into.add(note);
            }
        }
    }

    /** @return one note for the paragraph, or one per line when every line is an image alone (a gallery). */
    private static List<ParsedNote> paragraph(int line, List<String> text) {
        if (text.size() > 1 && text.stream().allMatch(l -> IMAGE_LINE.matcher(l).matches())) {
            List<ParsedNote> out = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                out.add(new ParsedNote(line + i, text.get(i)));
            }
            return out;
        }
        return List.of(new ParsedNote(line, String.join("\n", text)));
    }

    /** @return a note holding the block's Markdown source, or null for one that holds nothing (a rule). */
    private ParsedNote block(Node node) {
        if (node instanceof ThematicBreak) {
            return null;
        }
        if (node instanceof FencedCodeBlock code && code.getClosingFenceLength() == null) {
            problem(line(node), "code block opened here is never closed (document ends at line " + lines.length
                    + ")");
            return null;
        }
        if (node instanceof Heading) {
            return new ParsedNote(line(node), String.join("\n", sourceLines(node)));
        }
        List<String> raw = rawLines(node);
        if (!raw.isEmpty()) {
            raw.set(0, raw.get(0).strip());
        }
        return raw.isEmpty() ? null : new ParsedNote(line(node), String.join("\n", raw));
    }

    // ---- source positions ----

    private static int line(Node node) {
        List<SourceSpan> spans = node.getSourceSpans();
        return spans.isEmpty() ? 1 : spans.get(0).getLineIndex() + 1;
    }

    private static int column(Node node) {
        List<SourceSpan> spans = node.getSourceSpans();
        return spans.isEmpty() ? 0 : spans.get(0).getColumnIndex();
    }

    /** @return the block's source lines, each stripped. */
    private List<String> sourceLines(Node node) {
        List<String> out = new ArrayList<>();
        for (String line : rawLines(node)) {
            out.add(line.strip());
        }
        return out;
    }

    /** @return the block's source lines as written (less the indentation of the containers it is in). */
    private List<String> rawLines(Node node) {
        List<String> out = new ArrayList<>();
        for (SourceSpan span : node.getSourceSpans()) {
            String line = lines[span.getLineIndex()];
            int from = Math.min(span.getColumnIndex(), line.length());
            out.add(line.substring(from, Math.min(line.length(), from + span.getLength())));
        }
        if (out.isEmpty() && node instanceof Block) {
            Node text = node.getFirstChild();
            out.add(text instanceof Text t ? t.getLiteral() : "");
        }
        return out;
    }

    private void problem(int line, String reason) {
        problems.add(new ImportProblem(line, reason));
    }

    // ---- speakers and links ----

    /**
     * Splits "A, B" into speakers; a part that does not look like a name stays with the previous one
     * ("Ann Lee, engineer at X" is one speaker). With {@code plural} ("speakers:"), "A and B" is two.
     */
    static List<String> speakers(String line, boolean plural) {
        List<String> out = new ArrayList<>();
        String[] parts = plural ? AND.matcher(line).replaceAll(",").split(",") : line.split(",");
        for (String part : parts) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (out.isEmpty()) {
                out.add(p);
            } else if (!looksLikeName(p)) {
                out.set(out.size() - 1, out.get(out.size() - 1) + ", " + p);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static List<String> speakers(String line) {
        return speakers(line, false);
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
