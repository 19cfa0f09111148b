package io.leadflow.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Claims a server work directory for one running server. Starting a second server on a directory in
 * use would rewrite the config and port files of the running one before the server itself refused
 * the directory, so the claim is checked first; the operating system releases it when this JVM
 * dies, so a crashed demo leaves no stale claim.
 */
final class WorkDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims {@code dir} for {@code server}, or fails at once if something else has it. */
    static WorkDirLock acquire(Path dir, String server) {
        Path file = dir.resolve(".leadflow.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir, server);
            }
            return new WorkDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dir, server);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static IllegalStateException inUse(Path dir, String server) {
        return new IllegalStateException(
                "A "
                        + server
                        + " started by leadflow is already running on "
                        + dir
                        + "; stop it first or use another work directory");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing useful to do: the lock, if any, goes away with the channel or the JVM.
            }
        }
    }
}
