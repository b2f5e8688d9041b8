package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/** A folder camera's drop folder as a test drives it: each photo appears whole, under a new name (an atomic move). */
public final class FolderCamera {

    private final Path folder;
    private final AtomicInteger n = new AtomicInteger();

    public FolderCamera(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Drops {@code jpeg} as the next {@code photoNNNN.jpg}. */
    public Path drop(byte[] jpeg) {
        try {
            Path tmp = Files.createTempFile(folder, ".drop-", ".part");
            Files.write(tmp, jpeg);
            Path file = folder.resolve(String.format("photo%04d.jpg", n.incrementAndGet()));
            return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standard face frame (one centred face on a 640×480 grey frame) as a JPEG. */
    public static byte[] faceJpeg() {
        return Fixtures.jpeg(CameraRig.faceFrame(), false);
    }

    /** The face-free room as a JPEG. */
    public static byte[] emptyJpeg() {
        return Fixtures.jpeg(CameraRig.noFaceFrame(), false);
    }
}
