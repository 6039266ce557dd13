package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.notespipeline.schemas.ConfigSources;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PublisherConfigTest {

    @Test
    void shouldDocumentEverySettingInTheModuleReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("README's table is generated from PublisherConfig.CONFIG")
                .contains(ConfigSources.markdownReference(PublisherConfig.CONFIG));
    }

    @Test
    void shouldDefaultTheBodyLimitToOneMebibyte() {
        assertThat(PublisherConfig.defaults().maxBodyBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void shouldReadSettingsFromTheEnvironmentBelowFlags() {
        Map<String, Object> values = ConfigSources.resolve(PublisherConfig.CONFIG,
                Map.of(PublisherConfig.RETRY_AFTER_CONFIG, "20"),
                Map.of("NOTES_API_RETRY_AFTER_SECONDS", "10", "NOTES_API_MAX_BODY_BYTES", "2048"));
        PublisherConfig config = new PublisherConfig(values);
        assertThat(config.getInt(PublisherConfig.RETRY_AFTER_CONFIG)).isEqualTo(20);
        assertThat(config.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void shouldRefuseADeliveryTimeoutShorterThanLingerPlusRequestTimeout() {
        assertThatThrownBy(() -> new PublisherConfig(Map.of(PublisherConfig.DELIVERY_TIMEOUT_CONFIG, 1000)))
                .isInstanceOf(ConfigException.class);
    }
}
