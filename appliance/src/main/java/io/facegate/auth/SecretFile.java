package io.facegate.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file holding one secret (a broker password, a webhook's HMAC key, a private key), read at start-up by the code
 * that uses it. Refused, with a message naming the key and the fix, when it is missing, empty, or readable or writable
 * by group or others — the rule of the credentials file.
 */
public final class SecretFile {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFile() {
    }

    /** The file's text without its trailing line break; {@code key} names it in messages. */
    public static String read(Path file, String key) throws SecretException {
        return new String(bytes(file, key), StandardCharsets.UTF_8).strip();
    }

    /** The file's bytes, checked as {@link #read}. */
    public static byte[] bytes(Path file, String key) throws SecretException {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> open = EnumSet.copyOf(posix.readAttributes().permissions());
                open.retainAll(TOO_OPEN);
                if (!open.isEmpty()) {
                    throw new SecretException(key + ": '" + file + "' can be read or written by group or others "
                            + open + "; chmod 600 it");
                }
            }
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                throw new SecretException(key + ": '" + file + "' is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new SecretException(key + ": cannot read '" + file + "' (" + e.getMessage() + ")");
        }
    }

    /** A secret file that cannot be used; the message says which key and why. */
    public static final class SecretException extends Exception {
        public SecretException(String message) {
            super(message, null, false, false);
        }
    }
}
