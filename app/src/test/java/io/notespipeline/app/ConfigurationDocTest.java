package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the ConfigDefs; this keeps it from drifting. */
class ConfigurationDocTest {

    static final String HEADER = "# Configuration reference\n\nGenerated from the code by `./notes config`; "
            + "flags win over `NOTES_*` environment variables, which win over these defaults.\n\n";

    @Test
    void shouldMatchTheSettingsInTheCode() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        assertThat(Files.readString(doc))
                .as("docs/configuration.md is stale: regenerate it with "
                        + "(printf '%s' \"$HEADER\"; ./notes config) > docs/configuration.md, or see this test")
                .isEqualTo(HEADER + Settings.markdown());
    }
}
