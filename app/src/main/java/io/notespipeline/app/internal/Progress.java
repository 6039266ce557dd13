package io.notespipeline.app.internal;

import java.io.PrintWriter;

/** A one-line progress bar on stderr for long imports and replays; silent when stderr is not a terminal. */
final class Progress {

    private final PrintWriter err;
    private final String label;
    private final boolean tty = System.console() != null;
    private long lastPrinted = -1;

    Progress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    synchronized void update(long done, long total) {
        if (!tty || total <= 0) {
            return;
        }
        long percent = Math.min(100, done * 100 / total);
        if (percent == lastPrinted) {
            return;
        }
        lastPrinted = percent;
        int width = 30;
        int filled = (int) (percent * width / 100);
        err.printf("\r%s [%s%s] %3d%% %d/%d", label, "#".repeat(filled), " ".repeat(width - filled), percent, done, total);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
