package io.notespipeline.app.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a clean stop: the command closes every component and exits 0,
 * instead of the JVM's default exit status 143/130 after shutdown hooks.
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private static volatile boolean terminating;
    private static final java.util.concurrent.CountDownLatch TERMINATED = new java.util.concurrent.CountDownLatch(1);

    private Signals() {
    }

    /** @return true once SIGTERM or SIGINT arrived (a start still waiting for a dependency gives up) */
    static boolean terminating() {
        return terminating;
    }

    /**
     * Waits up to {@code ms} for SIGTERM or SIGINT: a backoff between tries of a dependency that returns at once
     * when the command is asked to stop.
     *
     * @return true when the command is stopping
     */
    static boolean awaitTerminating(long ms) throws InterruptedException {
        return terminating || TERMINATED.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("Received SIG{}", signal.getName());
                    terminating = true;
                    TERMINATED.countDown();
                    action.run();
                });
            } catch (IllegalArgumentException e) {
                log.warn("Cannot handle SIG{} on this platform; stop with Ctrl-C", name, e);
            }
        }
    }
}
