package io.facegate.camera;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder where a camera drops JPEG files (FTP upload, motion software). Each {@code .jpg}/{@code .jpeg} file
 * written after the camera starts is one frame, read once it is whole: its size and modification time have not
 * changed for one poll and it ends with the JPEG end marker, or they have not changed for {@link #SETTLE} (a
 * writer that pauses between chunks is waited for). Writing the file again, or touching it, makes it a new frame.
 */
final class FolderSource implements FrameSource {

    /** How long an unchanged file without a JPEG end marker is waited for before it is read anyway. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final Path folder;
    private final Duration poll;
    /** Size and modification time of each file when it was read (or found at start), so a rewrite is seen. */
    private final Map<Path, String> read = new HashMap<>();
    /** Files changing or not yet whole: the stamp seen and since when (nanoTime) it has not changed. */
    private final Map<Path, Pending> pending = new HashMap<>();
    private boolean primed;
    private volatile boolean aborted;

    private record Pending(String stamp, long since) {
    }

    FolderSource(Path folder, Duration poll) {
        this.folder = folder;
        this.poll = poll;
    }

    @Override
    public void stream(Runnable connected, Sink sink) throws IOException, InterruptedException {
        aborted = false;
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "camera folder is missing");
        }
        boolean listed = false;
        while (!aborted) {
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(FolderSource::isJpeg).sorted().toList();
            }
            read.keySet().retainAll(Set.copyOf(files));
            pending.keySet().retainAll(Set.copyOf(files));
            for (Path file : files) {
                String stamp = stamp(file);
                if (stamp == null || stamp.equals(read.get(file))) {
                    continue;
                }
                if (!primed) {
                    read.put(file, stamp);
                } else if (ready(file, stamp)) {
                    pending.remove(file);
                    read.put(file, stamp);
                    try {
                        sink.frame(Files.readAllBytes(file));
                    } catch (NoSuchFileException gone) {
                        read.remove(file);
                    }
                }
            }
            if (!listed) {
                listed = true;
                connected.run();
            }
            primed = true;
            Thread.sleep(poll.toMillis());
        }
    }

    /** Whether the file, unchanged since the last poll, is whole. */
    private boolean ready(Path file, String stamp) throws IOException {
        long now = System.nanoTime();
        Pending seen = pending.get(file);
        if (seen == null || !seen.stamp().equals(stamp)) {
            pending.put(file, new Pending(stamp, now));
            return false;
        }
        return endsWithEndOfImage(file) || now - seen.since() >= SETTLE.toNanos();
    }

    private static boolean endsWithEndOfImage(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            if (channel.size() < 4) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(2);
            channel.position(channel.size() - 2).read(last);
            return (last.get(0) & 0xFF) == 0xFF && (last.get(1) & 0xFF) == 0xD9;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    private static boolean isJpeg(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".jpg") || name.endsWith(".jpeg")) && !name.startsWith(".");
    }

    private static String stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() && a.size() > 0 ? a.size() + "@" + a.lastModifiedTime().toMillis() : null;
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public boolean continuous() {
        return false;
    }
}
