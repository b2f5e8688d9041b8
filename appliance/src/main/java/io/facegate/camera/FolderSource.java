package io.facegate.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder where a camera drops JPEG files (FTP upload, motion software). Files present when the camera starts are
 * not frames; each later {@code .jpg}/{@code .jpeg} file is read once, after its size and modification time have
 * stayed the same for one poll (so a file still being uploaded is not read half-written).
 */
final class FolderSource implements FrameSource {

    private final Path folder;
    private final Duration poll;
    private final Set<Path> done = new HashSet<>();
    private final Map<Path, String> pending = new HashMap<>();
    private boolean primed;
    private volatile boolean aborted;

    FolderSource(Path folder, Duration poll) {
        this.folder = folder;
        this.poll = poll;
    }

    @Override
    public void stream(Runnable connected, Consumer<byte[]> frames) throws IOException, InterruptedException {
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
            done.retainAll(Set.copyOf(files));
            pending.keySet().retainAll(Set.copyOf(files));
            for (Path file : files) {
                if (done.contains(file)) {
                    continue;
                }
                if (!primed) {
                    done.add(file);
                    continue;
                }
                String stamp = stamp(file);
                if (stamp != null && stamp.equals(pending.get(file))) {
                    pending.remove(file);
                    done.add(file);
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(file);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    frames.accept(bytes);
                } else if (stamp != null) {
                    pending.put(file, stamp);
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
