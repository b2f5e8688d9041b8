package io.facegate.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S3 buckets mapped to local folders ({@code s3.buckets.<name>: /path}). An object name is a path inside its
 * bucket's folder and never outside it: absolute names, {@code ..} segments and links that resolve outside the
 * folder are refused like a missing object, so the answer leaks nothing about the file system. Folders have no object
 * versions: a request naming a {@code Version} is refused ({@code InvalidS3ObjectException}), never served the
 * current file instead.
 */
public final class S3Buckets {

    /** Rekognition's limit for an image in S3. */
    static final long MAX_OBJECT_BYTES = 15L * 1024 * 1024;

    private static final String NOT_FOUND =
            "Unable to get object metadata from S3. Check object key, region and/or access permissions.";

    private final Map<String, Path> buckets;

    S3Buckets(Map<String, Path> buckets) {
        this.buckets = Map.copyOf(buckets);
    }

    /** What keeps the buckets from being served: each folder must exist (checked at start-up). */
    public static List<String> problems(Map<String, Path> buckets) {
        List<String> problems = new ArrayList<>();
        buckets.forEach((name, folder) -> {
            if (!Files.isDirectory(folder)) {
                problems.add("s3.buckets." + name + ": folder '" + folder + "' does not exist");
            }
        });
        return problems;
    }

    byte[] read(DetectFacesRequest.S3Object object) throws ApiException {
        if (object.version() != null) {
            // A folder keeps one version of each file: serving it would not answer for the version asked.
            throw new ApiException(ErrorType.InvalidS3ObjectException, "S3Object.Version is not supported: facegate's "
                    + "buckets are local folders without object versions. Leave Version out to read the file as it is.");
        }
        Path root = buckets.get(object.bucket());
        if (root == null || !safeName(object.name())) {
            throw notFound();
        }
        try {
            Path realRoot = root.toRealPath();
            Path file = realRoot.resolve(object.name()).normalize();
            if (!file.startsWith(realRoot)) {
                throw notFound();
            }
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw notFound();
            }
            if (Files.size(real) > MAX_OBJECT_BYTES) {
                throw new ApiException(ErrorType.ImageTooLargeException, "Image size is too large.");
            }
            return Files.readAllBytes(real);
        } catch (NoSuchFileException e) {
            throw notFound();
        } catch (IOException e) {
            throw notFound();
        }
    }

    private static boolean safeName(String name) {
        if (name.startsWith("/") || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            return false;
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static ApiException notFound() {
        return new ApiException(ErrorType.InvalidS3ObjectException, NOT_FOUND);
    }
}
