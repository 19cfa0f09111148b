package io.leadflow.e2e.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets that processes listen on, read from Linux's {@code /proc}: {@code /proc/net/tcp}
 * and {@code tcp6} list every listening socket with its address and inode, and {@code
 * /proc/<pid>/fd} tells which process holds which inode. Lets a test say "nothing this run started
 * listens beyond loopback" about real sockets, children included.
 */
public final class ListeningSockets {

    /** One listening socket: its address and port, and the process holding it. */
    public record Socket(InetAddress address, int port, long pid) {
        public boolean loopbackOnly() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port + " (pid " + pid + ")";
        }
    }

    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** The listening sockets of this JVM and every process it started, directly or not. */
    public static List<Socket> ofThisProcessTree() {
        Set<Long> pids = new HashSet<>();
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        Map<Long, Long> inodeToPid = new HashMap<>();
        for (long pid : pids) {
            Path fds = Path.of("/proc", Long.toString(pid), "fd");
            try (Stream<Path> links = Files.list(fds)) {
                for (Path link : links.toList()) {
                    try {
                        String target = Files.readSymbolicLink(link).toString();
                        if (target.startsWith("socket:[")) {
                            inodeToPid.put(
                                    Long.parseLong(target.substring(8, target.length() - 1)), pid);
                        }
                    } catch (IOException gone) {
                        // the descriptor closed meanwhile
                    }
                }
            } catch (IOException gone) {
                // the process ended meanwhile
            }
        }
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table, e);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals(LISTEN)) {
                    continue;
                }
                Long pid = inodeToPid.get(Long.parseLong(f[9]));
                if (pid != null) {
                    String[] local = f[1].split(":");
                    sockets.add(new Socket(address(local[0]), Integer.parseInt(local[1], 16), pid));
                }
            }
        }
        return sockets;
    }

    /** An address as /proc prints it: hex, in 32-bit words of host (little-endian) byte order. */
    static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + (3 - b)) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
