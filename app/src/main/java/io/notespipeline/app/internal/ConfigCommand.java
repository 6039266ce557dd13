package io.notespipeline.app.internal;

import java.util.concurrent.Callable;

import io.notespipeline.app.Settings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notes config}: the reference of every setting, generated from the code. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every setting with its environment variable, default and description (Markdown).")
public final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Settings.markdown());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
