package io.notespipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class SharedKafkaIT {

    @Test
    void shouldGiveEveryTestTheSameClusterAndUniqueTopics(TestKafka first, TestKafka second) throws Exception {
        assertThat(first).isSameAs(second);
        String a = first.uniqueTopic("t");
        String b = first.uniqueTopic("t");
        assertThat(a).isNotEqualTo(b);
        first.createTopic(a, 3);
        try (var admin = first.admin()) {
            assertThat(admin.listTopics().names().get()).contains(a);
        }
    }
}
