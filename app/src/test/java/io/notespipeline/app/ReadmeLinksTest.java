package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README must stand alone on a fresh clone: every relative link of README.md, docs/**.md and the
 * module READMEs resolves to a file inside the repository, and README.md reaches nothing outside it.
 * (streams' ReadmeTest checks that module's settings table; this test only checks links.)
 */
class ReadmeLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** {@code [text](target)} or {@code ![alt](target "title")}; the target ends at a space or ')'. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    @Test
    void shouldResolveEveryRelativeLinkOfTheDocumentationInsideTheRepository() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).as("documents checked").contains(ROOT.resolve("README.md"), ROOT.resolve("docs/design.md"));
        List<String> broken = new ArrayList<>();
        for (Path doc : documents) {
            broken.addAll(brokenLinks(doc, Files.readString(doc)));
        }
        assertThat(broken).as("links that do not resolve to a file of the repository").isEmpty();
    }

    @Test
    void shouldNotPointTheReadmeOutsideTheRepository() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(lines).as("README.md must work on a fresh clone, which has no ../shared")
                .filteredOn(line -> line.contains("../shared")).isEmpty();
    }

    @Test
    void shouldReportMissingFilesAndLinksLeavingTheRepositoryButNotUrlsAnchorsOrCode() {
        Path doc = ROOT.resolve("docs/example.md");
        String markdown = String.join("\n",
                "[design](design.md) [anchor](#top) [site](https://example.org/x) [mail](mailto:a@example.org)",
                "[section](../README.md#quickstart) ![img](sample/streamcamp-2026.md \"title\")",
                "[missing](no-such-file.md) [outside](../../shared/ARCHITECTURE.md)",
                "`[](in-code-span.md)`",
                "```",
                "[fenced](in-fence.md)",
                "```");
        assertThat(brokenLinks(doc, markdown)).containsExactly(
                "docs/example.md:3: no-such-file.md (no such file)",
                "docs/example.md:3: ../../shared/ARCHITECTURE.md (outside the repository)");
    }

    /** @return README.md, every Markdown file under docs/, and each module's README.md (hidden folders and build output skipped). */
    private static List<Path> documents() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        try (Stream<Path> readmes = Files.walk(ROOT, 3)) {
            readmes.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> !p.equals(ROOT.resolve("README.md")))
                    .filter(ReadmeLinksTest::isSource)
                    .sorted().forEach(out::add);
        }
        return out;
    }

    /** @return false for build output, installed packages and hidden folders (.git, .ci). */
    private static boolean isSource(Path path) {
        for (Path name : ROOT.relativize(path)) {
            String n = name.toString();
            if (n.startsWith(".") || n.equals("target") || n.equals("node_modules")) {
                return false;
            }
        }
        return true;
    }

    /** @return one line per relative link of {@code markdown} (the text of {@code doc}) that does not resolve. */
    static List<String> brokenLinks(Path doc, String markdown) {
        List<String> broken = new ArrayList<>();
        String[] lines = markdown.split("\\R", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            if (FENCE.matcher(lines[i]).matches()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(lines[i]).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                String problem = problem(doc, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + target + " (" + problem + ")");
                }
            }
        }
        return broken;
    }

    private static String problem(Path doc, String target) {
        if (target.startsWith("#") || SCHEME.matcher(target).matches()) {
            return null;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = doc.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "outside the repository";
        }
        return Files.exists(resolved) ? null : "no such file";
    }
}
