package io.notespipeline.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats an {@link AuditReport} as the plain-text table {@code notes audit} prints. */
public final class AuditTable {

    private static final String[] BUCKET_HEADER = {"bucket", "topic", "part", "log", "produced", "views", "rejected",
        "dups", "lake", "warehouse", "status", "diff"};
    private static final String[] LAG_HEADER = {"tier", "topic", "part", "committed", "log end", "lag", "reported"};

    private AuditTable() {
    }

    /** @return the buckets table, a summary line, then the lag table; every line ends with a newline */
    public static String format(AuditReport report) {
        List<String[]> rows = new ArrayList<>();
        for (AuditReport.Row r : report.buckets()) {
            AuditBucket b = r.bucket();
            rows.add(new String[] {Instant.ofEpochMilli(b.bucketStart()).toString(), b.topic(),
                String.valueOf(b.partition()), String.valueOf(b.log()), String.valueOf(b.produced()),
                String.valueOf(b.views()),
                String.valueOf(b.rejected()), String.valueOf(b.duplicates()), String.valueOf(b.lake()),
                String.valueOf(b.warehouse()), r.status().name().toLowerCase(Locale.ROOT),
                b.differencesText().isEmpty() ? "0" : b.differencesText()});
        }
        StringBuilder out = new StringBuilder(table(BUCKET_HEADER, rows));
        out.append(String.format(Locale.ROOT, "%d buckets: %d complete, %d pending, %d incomplete (grace %d s, at %s)%n",
                report.buckets().size(), report.count(AuditBucket.Status.COMPLETE),
                report.count(AuditBucket.Status.PENDING), report.count(AuditBucket.Status.INCOMPLETE),
                report.grace() / 1000, report.at()));
        List<String[]> lags = new ArrayList<>();
        for (AuditReport.Lag l : report.lag()) {
            lags.add(new String[] {l.tier(), l.topic(), String.valueOf(l.partition()), String.valueOf(l.committedOffset()),
                l.logEndOffset() < 0 ? "?" : String.valueOf(l.logEndOffset()), l.lag() < 0 ? "?" : String.valueOf(l.lag()),
                l.reportedAt().toString()});
        }
        if (!lags.isEmpty()) {
            out.append(System.lineSeparator()).append(table(LAG_HEADER, lags));
        }
        return out.toString();
    }

    private static String table(String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (String[] row : rows) {
            line(out, row, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]));
            if (i < cells.length - 1) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
}
