package io.notespipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.notespipeline.schemas.ConfigSources;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void shouldDefaultToPort8081BackwardAndTheSchemasTopic() {
        RegistryConfig config = RegistryConfig.defaults();

        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.defaultCompatibility()).isEqualTo("BACKWARD");
        assertThat(config.adminTokens()).isEmpty();
    }

    @Test
    void shouldReadTokensFromTheEnvironmentAndRefuseUnknownLevels() {
        Map<String, Object> values = ConfigSources.resolve(RegistryConfig.CONFIG, Map.of(),
                Map.of("NOTES_REGISTRY_ADMIN_TOKENS", " a, b ,,"));

        assertThat(new RegistryConfig(values).adminTokens()).containsExactly("a", "b");
        assertThat(new RegistryConfig(values).toString()).doesNotContain("a, b");
        assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.COMPATIBILITY_CONFIG, "SIDEWAYS")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void readmeConfigurationTableIsGeneratedFromTheCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme).as("regenerate the table with ConfigSources.markdownReference(RegistryConfig.CONFIG)")
                .contains(ConfigSources.markdownReference(RegistryConfig.CONFIG));
    }
}
