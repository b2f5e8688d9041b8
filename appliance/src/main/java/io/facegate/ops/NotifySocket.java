package io.facegate.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * An {@code AF_UNIX} datagram socket that sends sd_notify(3) messages to one address, through libc's socket(2) and
 * sendto(2) by JNA: Java 21's own channels have no Unix datagrams. Sends and close are serialised, so a send never
 * reaches a closed (and perhaps reused) descriptor.
 */
final class NotifySocket implements AutoCloseable {

    private static final short AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    /** 02000000, the same on x86-64 and aarch64. */
    private static final int SOCK_CLOEXEC = 0x80000;
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH = 108;

    /** The libc calls used; loaded on first use, so a service without NOTIFY_SOCKET never loads JNA. */
    private interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = load();

        private static LibC load() {
            // JNA unpacks its stub library into ~/.cache unless told otherwise; under the unit that would be the
            // state directory. Put it where ONNX Runtime unpacks its own: java.io.tmpdir (PrivateTmp=yes).
            if (System.getProperty("jna.tmpdir") == null) {
                System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
            }
            return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        }
    }

    private final String name;
    private final byte[] address;
    private int fd;

    private NotifySocket(String name, byte[] address, int fd) {
        this.name = name;
        this.address = address;
        this.fd = fd;
    }

    /**
     * A socket that sends to {@code socket}, an absolute path or an abstract name starting with {@code @}.
     *
     * @throws NotifyException when the address is invalid or the socket cannot be created
     */
    static NotifySocket open(String socket) {
        byte[] address = address(socket);
        try {
            return new NotifySocket(socket, address, Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        } catch (LastErrorException e) {
            throw new NotifyException("cannot create an AF_UNIX datagram socket: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw new NotifyException("cannot load libc through JNA: " + e, e);
        }
    }

    /**
     * Sends {@code message} ({@code READY=1}, ...) as one datagram.
     *
     * @throws NotifyException when the socket is closed or the kernel refuses the datagram
     */
    synchronized void send(String message) {
        if (fd < 0) {
            throw new NotifyException("notify socket closed; not sent: " + message);
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            Holder.LIBC.sendto(fd, bytes, new NativeLong(bytes.length), 0, address, address.length);
        } catch (LastErrorException e) {
            throw new NotifyException("cannot send " + message + " to " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            int closing = fd;
            fd = -1;
            try {
                Holder.LIBC.close(closing);
            } catch (LastErrorException e) {
                throw new NotifyException("cannot close the notify socket: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A {@code struct sockaddr_un} for {@code socket}, cut to the length the kernel needs: a path ends with its NUL;
     * an abstract name has a leading NUL instead of the {@code @} and no terminator.
     */
    static byte[] address(String socket) {
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = socket.startsWith("@");
        if (!(isAbstract || socket.startsWith("/")) || name.length < 2) {
            throw new NotifyException("not an absolute path nor an abstract name (@...): " + socket);
        }
        int length = isAbstract ? name.length : name.length + 1;
        if (length > SUN_PATH) {
            throw new NotifyException("longer than the " + SUN_PATH + " bytes of sun_path: " + socket);
        }
        ByteBuffer sockaddr = ByteBuffer.allocate(Short.BYTES + length).order(ByteOrder.nativeOrder());
        sockaddr.putShort(AF_UNIX);
        sockaddr.put(isAbstract ? 0 : name[0]).put(name, 1, name.length - 1);
        return sockaddr.array();
    }
}
