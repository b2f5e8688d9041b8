package io.facegate.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a client program (python3, aws) with a clean AWS environment and collects its output. */
final class Subprocess {

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    private Subprocess() {
    }

    /** Whether {@code command} runs and exits 0 (used to skip tests when a client is not installed). */
    static boolean works(String... command) {
        try {
            return run(List.of(command), Map.of(), 60).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code command}. AWS settings from the caller's environment are removed (profiles, endpoints, tokens,
     * config files), dummy credentials are set and {@code extraEnv} is added.
     */
    static Result run(List<String> command, Map<String, String> extraEnv, int timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDFACEGATETEST");
        env.put("AWS_SECRET_ACCESS_KEY", "facegate-test-secret");
        env.put("AWS_CONFIG_FILE", "/nonexistent/facegate-it/config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/facegate-it/credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        env.putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.getFirst() + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            process.destroy();
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
