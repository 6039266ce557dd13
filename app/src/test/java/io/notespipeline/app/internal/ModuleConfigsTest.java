package io.notespipeline.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.notespipeline.app.AppConfig;
import io.notespipeline.registry.RegistryConfig;

import org.junit.jupiter.api.Test;

/** Issue 16: the registry's admin tokens from the environment combine with the app's own, never replace it. */
class ModuleConfigsTest {

    private static RegistryConfig registry(Map<String, String> env, String adminToken) {
        return new ModuleConfigs(new AppConfig(Map.of()), env).registry(adminToken);
    }

    @Test
    void registryAdminTokensFromTheEnvironmentAreAddedToTheAppsOwnToken() {
        RegistryConfig config = registry(Map.of("NOTES_REGISTRY_ADMIN_TOKENS", "x"), "own");
        assertThat(config.adminTokens()).as("notes up registers its schemas with its own token").containsExactly("own", "x");
        assertThat(config.writesOpen()).isFalse();
        assertThat(registry(Map.of("NOTES_REGISTRY_ADMIN_TOKENS", "x, y"), "own").adminTokens())
                .containsExactly("own", "x", "y");
    }

    @Test
    void anEmptyTokenListFromTheEnvironmentKeepsTheAppsTokenAndWritesClosed() {
        RegistryConfig config = registry(Map.of("NOTES_REGISTRY_ADMIN_TOKENS", ""), "own");
        assertThat(config.adminTokens()).containsExactly("own");
        assertThat(config.writesOpen()).isFalse();
    }

    @Test
    void withAuthOffWritesAreOpenedExplicitlyNotByAnEmptyList() {
        assertThat(registry(Map.of(), null).writesOpen()).isTrue();
        assertThat(registry(Map.of("NOTES_REGISTRY_WRITES_OPEN", "false"), null).writesOpen()).isFalse();
    }
}
