import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.registry.RegistryConfig;
import io.notespipeline.registry.RegistryServer;
import java.util.Map;

public class RunRegistry {
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        RegistryServer server = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 18081,
                RegistryConfig.ADMIN_TOKENS_CONFIG, "interop-token")), kafka.bootstrapServers()).start();
        System.out.println("READY " + server.url() + " " + kafka.bootstrapServers());
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
