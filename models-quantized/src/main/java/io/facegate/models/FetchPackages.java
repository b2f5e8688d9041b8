package io.facegate.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches the registry packages named in {@code sources.json} with {@code npm pack NAME@VERSION}, keeps the
 * tarballs in a cache outside the source tree (so a rebuild is offline), and copies the pinned files out of them
 * after checking each file's sha256. Any mismatch fails the build, naming the file and both hashes.
 *
 * <p>Usage: {@code FetchPackages SOURCES_JSON SET CACHE_DIR OUT_DIR}; files whose target is already present with
 * the right hash are left alone. Next to each target folder, a {@code manifest.json} from the folder of
 * {@code SOURCES_JSON} with the same name is copied too, when there is one.
 */
public final class FetchPackages {

    private FetchPackages() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: FetchPackages SOURCES_JSON SET CACHE_DIR OUT_DIR");
        }
        Path sources = Path.of(args[0]);
        JsonNode root = new ObjectMapper().readTree(sources.toFile());
        JsonNode set = root.path("sets").path(args[1]);
        if (!set.isArray()) {
            throw new IllegalArgumentException("no set '" + args[1] + "' in " + sources);
        }
        NpmCache cache = new NpmCache(Path.of(args[2], "npm"));
        Path out = Path.of(args[3]);

        Map<String, List<PinnedFile>> byPackage = new HashMap<>();
        for (JsonNode entry : set) {
            String pkg = entry.path("package").asText();
            String spec = root.path("packages").path(pkg).path("npm").asText(null);
            if (spec == null) {
                throw new IllegalArgumentException("set entry names unknown package '" + pkg + "'");
            }
            byPackage.computeIfAbsent(spec, k -> new ArrayList<>())
                    .add(new PinnedFile(entry.path("file").asText(), entry.path("sha256").asText(),
                            out.resolve(entry.path("to").asText())));
        }
        for (var e : byPackage.entrySet()) {
            List<PinnedFile> missing = e.getValue().stream().filter(f -> !f.presentAndValid()).toList();
            if (!missing.isEmpty()) {
                extract(cache.tarball(e.getKey()), e.getKey(), missing);
            }
        }
        copyManifests(sources.getParent(), out, set);
    }

    private static void extract(Path tgz, String spec, List<PinnedFile> wanted) throws IOException {
        Map<String, List<PinnedFile>> byEntry = new HashMap<>();
        wanted.forEach(f -> byEntry.computeIfAbsent(f.entry(), k -> new ArrayList<>()).add(f));
        try (InputStream in = Files.newInputStream(tgz);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                List<PinnedFile> targets = byEntry.remove(entry.getName());
                if (targets == null || !entry.isFile()) {
                    continue;
                }
                byte[] bytes = tar.readAllBytes();
                for (PinnedFile target : targets) {
                    target.write(bytes, spec, tgz);
                }
            }
        }
        if (!byEntry.isEmpty()) {
            throw new IllegalStateException(spec + " (" + tgz + ") has no file " + byEntry.keySet());
        }
    }

    private static void copyManifests(Path sourceDir, Path out, JsonNode set) throws IOException {
        for (JsonNode entry : set) {
            Path to = Path.of(entry.path("to").asText());
            if (to.getParent() == null) {
                continue;
            }
            Path manifest = sourceDir.resolve(to.getParent()).resolve("manifest.json");
            if (Files.isRegularFile(manifest)) {
                Path target = out.resolve(to.getParent()).resolve("manifest.json");
                Files.createDirectories(target.getParent());
                Files.copy(manifest, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
