package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.notespipeline.schemas.ConfigSources;
import org.junit.jupiter.api.Test;

class ReadmeTest {

    @Test
    void shouldCarryTheSettingsTableGeneratedFromViewsConfig() throws Exception {
        String table = ConfigSources.markdownReference(ViewsConfig.CONFIG);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "config-reference.md"), table);
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("regenerate the table with ConfigSources.markdownReference(ViewsConfig.CONFIG)")
                .contains(table);
    }
}
