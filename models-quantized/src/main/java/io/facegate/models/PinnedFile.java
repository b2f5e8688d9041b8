package io.facegate.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** One file taken from a package tarball: its path inside the tarball, its pinned sha256 and where it goes. */
record PinnedFile(String entry, String sha256, Path target) {

    boolean presentAndValid() {
        try {
            return Files.isRegularFile(target) && Sha256.hex(Files.readAllBytes(target)).equals(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(byte[] bytes, String spec, Path tgz) throws IOException {
        String actual = Sha256.hex(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("sha256 mismatch for " + entry + " in " + spec + ": expected " + sha256
                    + ", got " + actual + ". The package changed or the download is corrupt; delete " + tgz
                    + " to fetch it again, and update sources.json only after checking the new file.");
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
