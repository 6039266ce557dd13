package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Paging inside the stores: walking the pages by their cursors lists every talk once, in order, for any size. */
class TalkPagesProperties {

    @Property(tries = 500)
    void pagesConcatenatedAreTheFullListingForAnyPageSize(
            @ForAll @Size(max = 60) Set<@StringLength(min = 1, max = 4) String> talkIds,
            @ForAll @IntRange(min = 1, max = 6) int partitions,
            @ForAll @IntRange(min = 1, max = 70) int size) {
        // each partition's store: its talks in key order (the order of their UTF-8 bytes)
        List<TreeSet<String>> stores = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            stores.add(new TreeSet<>(TalkPages.ORDER));
        }
        talkIds.forEach(id -> stores.get(Math.floorMod(id.hashCode(), partitions)).add(id));
        List<String> walked = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            List<String> parts = new ArrayList<>();
            for (TreeSet<String> store : stores) { // what TalkPages.read answers: size + 1 keys after the cursor
                store.tailSet(cursor, false).stream().limit(size + 1L).forEach(parts::add);
            }
            TalkPages.Page<String> page = TalkPages.merge(parts, id -> id, size);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(size);
            assertThat(page.next() == null || page.items().size() == size).isTrue();
            walked.addAll(page.items());
            cursor = page.next();
            assertThat(++pages).as("pages").isLessThanOrEqualTo(talkIds.size() / size + 1);
        }
        List<String> all = new ArrayList<>(talkIds);
        all.sort(TalkPages.ORDER);
        assertThat(walked).isEqualTo(all);
    }

    @Property
    void theOrderIsTheOrderOfUtf8Bytes(
            @ForAll @StringLength(max = 6) @CharRange(from = ' ', to = '\uD7FF') @CharRange(from = '\uE000', to = '\uFFFD') String a,
            @ForAll @StringLength(max = 6) @CharRange(from = ' ', to = '\uD7FF') @CharRange(from = '\uE000', to = '\uFFFD') String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Integer.signum(TalkPages.ORDER.compare(a, b))).isEqualTo(Integer.signum(java.util.Arrays.compareUnsigned(x, y)));
    }
}
