package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a {@code notes} command in-process against the pipeline in {@code dataDir}, as a user would. */
final class NotesCli {

    private NotesCli() {
    }

    /** @return what the command printed on stdout; fails the test when it exits non-zero (with its stderr) */
    static String run(String dataDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir;
        int code = Notes.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        assertThat(code).as("notes %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }
}
