package io.facegate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A byte-for-byte TCP relay between the service's camera and ffmpeg's MJPEG server, on a loopback port of its own,
 * that notes when each part's JPEG has been forwarded to the service: the bytes up to the JPEG's last byte are written
 * and flushed to the service's socket, then {@link System#nanoTime()} is taken. So a frame's time is when it reached
 * the service (its kernel socket buffer), not when ffmpeg wrote it.
 *
 * <p>Each connection of the service is relayed to a new connection to ffmpeg; when ffmpeg is not listening (not yet
 * started, or finished) the service's connection is closed at once and it reconnects.
 */
final class MjpegRelay implements AutoCloseable {

    private final int upstreamPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** One list per relayed connection: when each part's JPEG was forwarded (nanoTime). */
    private final List<List<Long>> partEnds = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    MjpegRelay(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("relay-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return Ffmpeg.url(port());
    }

    /** The part-end times of every connection that got at least one part from ffmpeg, in connection order. */
    List<List<Long>> streams() {
        return partEnds.stream().filter(l -> !l.isEmpty()).map(List::copyOf).toList();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofPlatform().daemon().name("relay-conn").start(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket()) {
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 1000);
            } catch (IOException e) {
                return;
            }
            sockets.add(upstream);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread request = Thread.ofPlatform().daemon().name("relay-request").start(() -> pipe(client, upstream));
            List<Long> shared = new CopyOnWriteArrayList<>();
            partEnds.add(shared);
            forward(upstream.getInputStream(), client.getOutputStream(), shared);
            request.interrupt();
        } catch (IOException e) {
            // either side went away: the service reconnects, or the run is over
        }
    }

    private static void forward(InputStream from, OutputStream to, List<Long> ends) throws IOException {
        PartEndScanner scanner = new PartEndScanner();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = from.read(buf)) >= 0) {
            int pos = 0;
            while (pos < n) {
                int end = scanner.feed(buf, pos, n);
                int stop = end < 0 ? n : end;
                to.write(buf, pos, stop - pos);
                to.flush();
                if (end >= 0) {
                    ends.add(System.nanoTime());
                }
                pos = stop;
            }
        }
    }

    private static void pipe(Socket client, Socket upstream) {
        try {
            client.getInputStream().transferTo(upstream.getOutputStream());
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        acceptor.interrupt();
    }
}
