package io.facegate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Plays systemd's side of sd_notify(3): a python3 process bound to an {@code AF_UNIX} datagram socket (a path, or an
 * abstract name starting with {@code @}) that prints every line of every datagram it receives. An implementation
 * independent of facegate's JNA one.
 */
public final class NotifyListener implements AutoCloseable {

    private static final String SCRIPT = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            a = sys.argv[1]
            s.bind('\\0' + a[1:] if a.startswith('@') else a)
            print('bound', flush=True)
            while True:
                for line in s.recv(4096).decode().split('\\n'):
                    print(line, flush=True)
            """;

    private final Process python;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private NotifyListener(Process python) {
        this.python = python;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    messages.add(line);
                }
            } catch (IOException ignored) {
                // the listener was closed
            }
        });
    }

    /** Whether python3 is there to listen (tests skip without it). */
    public static boolean available() {
        return Subprocess.works("python3", "-c", "import socket; socket.AF_UNIX");
    }

    /** Binds {@code address} and returns once it is bound. */
    public static NotifyListener bind(String address) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("python3", "-u", "-c", SCRIPT, address)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NotifyListener listener = new NotifyListener(python);
        try {
            listener.await("bound", 1, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    /** Every line received so far, in order (the first is {@code bound}). */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    public long count(String message) {
        return messages.stream().filter(message::equals).count();
    }

    /** Waits until {@code message} has arrived {@code times} times; fails after {@code within}. */
    public void await(String message, int times, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(message) < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + message + "' not received " + times + " times within " + within
                        + "; received " + messages);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        python.destroy();
        if (!python.waitFor(10, TimeUnit.SECONDS)) {
            python.destroyForcibly();
        }
    }
}
