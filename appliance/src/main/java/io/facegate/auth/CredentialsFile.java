package io.facegate.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the access keys the appliance accepts. One key per line, fields separated by whitespace; {@code #} starts
 * a comment:
 *
 * <pre>
 * # access-key-id        secret-access-key                          actions
 * AKIDDOORCAMERA01       9e2b...                                    rekognition:DetectFaces
 * </pre>
 *
 * Actions are comma-separated; {@code *} allows every action. The file must be readable only by its owner (the
 * service user): a file that group or others can read or write is refused, as is an unreadable, empty or malformed
 * one. Error messages name the line, never a secret.
 */
public final class CredentialsFile {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private CredentialsFile() {
    }

    /** The keys by id, or every problem found (each a sentence naming the file). */
    public static Map<String, AccessKey> read(Path file) throws CredentialsException {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            throw new CredentialsException(List.of("auth.credentials-file: '" + file + "' does not exist or is not a file"));
        }
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> open = EnumSet.copyOf(posix.readAttributes().permissions());
                open.retainAll(TOO_OPEN);
                if (!open.isEmpty()) {
                    problems.add("auth.credentials-file: '" + file + "' is accessible to group or others " + open
                            + "; make it readable only by the service user (chmod 600)");
                }
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Map<String, AccessKey> keys = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\s+");
                String where = "auth.credentials-file: " + file + " line " + (i + 1);
                if (fields.length != 3) {
                    problems.add(where + ": expected 'access-key-id secret actions', found " + fields.length + " fields");
                    continue;
                }
                if (!fields[0].matches("[A-Za-z0-9]{4,128}")) {
                    problems.add(where + ": an access key id has 4..128 letters or digits");
                    continue;
                }
                if (fields[1].length() < 8) {
                    problems.add(where + ": the secret of " + fields[0] + " is shorter than 8 characters");
                    continue;
                }
                Set<String> actions = Set.copyOf(Arrays.asList(fields[2].split(",")));
                if (actions.stream().anyMatch(a -> !a.equals("*") && !a.matches("[a-z0-9-]+:[A-Za-z0-9*]+"))) {
                    problems.add(where + ": actions are comma-separated service:Action names or *");
                    continue;
                }
                if (keys.put(fields[0], new AccessKey(fields[0], fields[1], actions)) != null) {
                    problems.add(where + ": access key id " + fields[0] + " appears twice");
                }
            }
            if (keys.isEmpty() && problems.isEmpty()) {
                problems.add("auth.credentials-file: '" + file + "' holds no access key");
            }
            if (!problems.isEmpty()) {
                throw new CredentialsException(problems);
            }
            return Map.copyOf(keys);
        } catch (IOException e) {
            problems.add("auth.credentials-file: '" + file + "' cannot be read: " + e.getClass().getSimpleName());
            throw new CredentialsException(problems);
        }
    }

    /** The credentials file cannot be used; the problems never include a secret. */
    public static final class CredentialsException extends Exception {
        private final List<String> problems;

        CredentialsException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
