package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Importing the four real files in any of the 24 orders into one state gives each document the talks it
 * gets alone (issue 15: documents are a scope). Strict: every line of the four files is placed.
 */
class DocumentOrderTest {

    private static Path shared() {
        for (Path p : List.of(Path.of("../../shared/data"), Path.of("../shared/data"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, String> files() throws IOException {
        Path data = shared();
        Assumptions.assumeTrue(data != null, "../shared/data is not there");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pycon-2017", Files.readString(data.resolve("pycon_2017/README.v3.md"), StandardCharsets.UTF_8));
        for (String name : List.of("SCIPY-2023.v3", "normconf-2022.v2", "odsc-east-2022.v2")) {
            files.put(name.substring(0, name.indexOf('.')).toLowerCase(),
                    Files.readString(data.resolve("conference-notes/" + name + ".md"), StandardCharsets.UTF_8));
        }
        return files;
    }

    private static ImportPlan importInto(List<TalkState> pipeline, String id, String markdown) {
        MarkdownImporter importer = new MarkdownImporter(ImportOptions.defaults()
                .withDeleteMissing(true).withDocument(id));
        ImportPlan plan = importer.plan(new DocumentState(pipeline), markdown);
        pipeline.removeIf(t -> id.equals(t.documentId()));
        pipeline.addAll(plan.state().talks());
        return plan;
    }

    @Test
    void shouldGiveEveryDocumentTheTalksItGetsAloneInAllTwentyFourOrders() throws IOException {
        Map<String, String> files = files();
        Map<String, List<TalkState>> alone = new LinkedHashMap<>();
        files.forEach((id, md) -> alone.put(id, importInto(new ArrayList<>(), id, md).state().talks()));
        assertThat(alone.values()).allSatisfy(talks -> assertThat(talks).isNotEmpty());

        List<List<String>> orders = permutations(new ArrayList<>(files.keySet()));
        assertThat(orders).hasSize(24);
        for (List<String> order : orders) {
            List<TalkState> pipeline = new ArrayList<>();
            for (String id : order) {
                ImportPlan plan = importInto(pipeline, id, files.get(id));
                assertThat(plan.commands()).as("%s in order %s", id, order)
                        .allSatisfy(c -> assertThat(alone.get(id)).extracting(TalkState::talkId).contains(c.talkId()));
            }
            for (String id : order) {
                assertThat(pipeline.stream().filter(t -> id.equals(t.documentId())).toList())
                        .as("%s after %s", id, order).isEqualTo(alone.get(id));
            }
        }
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<String>> out = new ArrayList<>();
        for (String first : items) {
            List<String> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<String> tail : permutations(rest)) {
                List<String> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                out.add(order);
            }
        }
        return out;
    }
}
