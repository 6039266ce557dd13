package io.notespipeline.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.javalin.Javalin;

/** One views instance for integration tests: a {@link ViewsService} plus its {@link QueryApi} on its own port. */
final class ViewsInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final ViewsService service;
    final QueryApi api;
    private final Javalin app;

    ViewsInstance(String applicationId, Path stateDir, String bootstrap, TalkViewTopology.Topics topics,
                  Map<String, Object> overrides) {
        this.port = freePort();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ViewsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(ViewsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(ViewsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
        settings.put(ViewsConfig.COMMIT_INTERVAL_CONFIG, 100L);
        settings.put(ViewsConfig.QUERY_WAIT_CONFIG, 3000L);
        settings.putAll(overrides);
        service = new ViewsService(new ViewsConfig(settings), bootstrap, topics);
        app = Javalin.create(config -> config.showJavalinBanner = false);
        api = new QueryApi(service, header -> true); // with the key lookup's fast path
        api.register(app);
        app.start("127.0.0.1", port);
        service.start();
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(20)).GET();
            if (headers.length > 0) {
                builder.headers(headers);
            }
            HttpRequest request = builder.build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean httpStopped;

    /** Stops answering HTTP while the streams instance keeps its partitions (an unreachable owner). */
    void stopHttp() {
        if (!httpStopped) {
            httpStopped = true;
            app.stop();
        }
    }

    @Override
    public void close() {
        stopHttp();
        service.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
