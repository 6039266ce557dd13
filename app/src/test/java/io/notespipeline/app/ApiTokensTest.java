package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void shouldAcceptThePeerSecretAsAReaderOnly() {
        ApiTokens tokens = ApiTokens.parse("writer:w-token", "admin-token").withPeerSecret("peer-secret");

        assertThat(tokens.roleOf("peer-secret")).contains(ApiTokens.Role.READER);
        assertThat(tokens.roleOf("w-token")).contains(ApiTokens.Role.WRITER);
        assertThat(tokens.roleOf("admin-token")).contains(ApiTokens.Role.ADMIN);
        assertThat(tokens.roleOf("peer")).isEmpty();
    }
}
