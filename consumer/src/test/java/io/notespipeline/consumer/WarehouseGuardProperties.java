package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.notespipeline.schemas.avro.TalkView;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Whatever order and batching the views of a talk arrive in, the warehouse ends at the highest revision. */
class WarehouseGuardProperties {

    @Property(tries = 15)
    void talksEndAtTheHighestRevisionWhateverTheOrderAndBatching(
            @ForAll @IntRange(min = 1, max = 12) int revisions,
            @ForAll @IntRange(min = 1, max = 5) int batchSize,
            @ForAll long seed) throws Exception {
        List<TalkView> views = new ArrayList<>();
        for (int r = 1; r <= revisions; r++) {
            views.add(TestEvents.view("t" + (r % 2), r, r % 4));
        }
        Collections.shuffle(views, new Random(seed));
        Path dir = Files.createTempDirectory("guard");
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString()));
        Map<String, TableFingerprint> shuffled;
        try (WarehouseSink sink = new WarehouseSink(Warehouse.open(config), config)) {
            for (int i = 0; i < views.size(); i += batchSize) {
                List<SinkRecord> batch = new ArrayList<>();
                for (TalkView v : views.subList(i, Math.min(views.size(), i + batchSize))) {
                    batch.add(new SinkRecord("notes.talk-views", 0, i, 0L, v.getTalkId(), v));
                }
                sink.write(batch, Map.of());
            }
            shuffled = sink.warehouse().fingerprint();
        }
        SinksConfig latestOnly = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.resolve("latest").toString()));
        try (WarehouseSink sink = new WarehouseSink(Warehouse.open(latestOnly), latestOnly)) {
            List<SinkRecord> latest = new ArrayList<>();
            for (int r = Math.max(1, revisions - 1); r <= revisions; r++) {
                TalkView v = TestEvents.view("t" + (r % 2), r, r % 4);
                latest.add(new SinkRecord("notes.talk-views", 0, r, 0L, v.getTalkId(), v));
            }
            sink.write(latest, Map.of());
            assertThat(shuffled).isEqualTo(sink.warehouse().fingerprint());
        }
    }
}
