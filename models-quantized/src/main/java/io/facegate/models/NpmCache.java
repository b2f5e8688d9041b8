package io.facegate.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Package tarballs fetched with {@code npm pack NAME@VERSION}, kept under one cache folder. A tarball that is
 * already there is reused without asking the registry.
 */
final class NpmCache {

    private final Path dir;

    NpmCache(Path dir) {
        this.dir = dir;
    }

    /** The cached tarball of {@code spec} ({@code name@version}), fetched first if absent. */
    Path tarball(String spec) throws IOException, InterruptedException {
        Path tgz = dir.resolve(fileName(spec));
        if (Files.isRegularFile(tgz)) {
            return tgz;
        }
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, "pack");
        Process npm = new ProcessBuilder(List.of("npm", "pack", spec, "--silent", "--pack-destination", staging.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IOException("'npm pack " + spec + "' failed; is npm installed and the npm registry reachable?");
        }
        Files.move(staging.resolve(fileName(spec)), tgz);
        Files.delete(staging);
        return tgz;
    }

    /** npm's tarball name: {@code @scope/name@1.2.3} becomes {@code scope-name-1.2.3.tgz}. */
    static String fileName(String spec) {
        int at = spec.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("expected NAME@VERSION, got '" + spec + "'");
        }
        String name = spec.substring(0, at);
        if (name.startsWith("@")) {
            name = name.substring(1).replace('/', '-');
        }
        return name + "-" + spec.substring(at + 1) + ".tgz";
    }
}
