package io.sluice.e2e;

import io.sluice.controller.TestBedCli;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An ext4 filesystem on a loop device that can be made to stop taking writes: with the image file immutable
 * ({@code chattr +i}) the loop driver's writes to it fail, so ext4 sees the EIO of a disk that refuses writes
 * while it still reads. ext4 then fails each write and fsync with EIO, and the first failed journal commit
 * aborts it to read-only (EROFS) until it is unmounted, checked and mounted again.
 *
 * <p>The filesystem is mounted in a private mount namespace held by a sleeping process, and only processes
 * started through {@link #enter} see it. Mounted in the root namespace, it would be copied into every mount
 * namespace created meanwhile (each {@code ip netns exec} of a test bed on this machine), and a copy held by a
 * long-lived daemon would keep the filesystem alive after umount, so e2fsck could not repair it.
 */
final class LoopDisk implements AutoCloseable {
    private static final Duration COMMAND = Duration.ofSeconds(60);
    /**
     * Journal commits every 60 s instead of 5: a brief outage fails only the writes and fsyncs made during it,
     * and the filesystem aborts to read-only only when a journal commit meets the failing disk.
     */
    private static final String MOUNT_OPTIONS = "errors=remount-ro,commit=60";

    private final Path image;
    private final Path mountPoint;
    private final Process namespace;
    private final String device;

    private LoopDisk(Path image, Path mountPoint, Process namespace, String device) {
        this.image = image;
        this.mountPoint = mountPoint;
        this.namespace = namespace;
        this.device = device;
    }

    /**
     * A fresh ext4 filesystem of {@code size} (as truncate takes it) in {@code image} on a free loop device,
     * mounted on {@code mountPoint} in a mount namespace of its own. Leftovers of a run that died are removed first.
     */
    static LoopDisk create(Path image, String size, Path mountPoint) throws IOException {
        RealOvs.require("losetup", "mkfs.ext4", "e2fsck", "chattr", "unshare", "nsenter", "mount", "umount");
        removeImage(image);
        run("truncate", "-s", size, image.toString());
        String device = run("losetup", "--find", "--show", image.toString()).strip();
        Process namespace = null;
        try {
            // Every block written now: ext4 zeroing its inode tables later would meet the failing disk too.
            run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", device);
            namespace = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sleep", "infinity")
                    .redirectErrorStream(true).start();
            LoopDisk disk = new LoopDisk(image, mountPoint, namespace, device);
            disk.awaitOwnNamespace();
            disk.mount();
            return disk;
        } catch (IOException | RuntimeException e) {
            if (namespace != null) {
                namespace.destroyForcibly();
            }
            runQuietly("losetup", "--detach", device);
            throw e;
        }
    }

    /** The command prefix that runs a command inside the disk's mount namespace (nsenter execs it: same pid). */
    List<String> enter() {
        return List.of("nsenter", "--mount=/proc/" + namespace.pid() + "/ns/mnt", "--");
    }

    /** The same file as {@code path} seen from inside the disk's namespace, for this process's own file calls. */
    Path view(Path path) {
        return Path.of("/proc/" + namespace.pid() + "/root").resolve(Path.of("/").relativize(path.toAbsolutePath()));
    }

    /** From now on every write reaching the device fails with EIO; reads go on. */
    void failWrites() {
        run("chattr", "+i", image.toString());
    }

    /** The device takes writes again (an aborted filesystem stays read-only until {@link #repair}). */
    void takeWrites() {
        run("chattr", "-i", image.toString());
    }

    /**
     * syncfs: writes back what the page cache holds and commits ext4's journal, as the kernel does within the
     * commit interval anyway; false if that failed.
     */
    boolean sync() {
        return inNamespace("sync", "--file-system", mountPoint.toString()).exitCode() == 0;
    }

    /**
     * From now on one file on the filesystem (a path seen through {@link #view}) refuses writes, through open
     * descriptors too, and cannot be deleted (EPERM: {@code chattr +i}), while the rest takes writes as before.
     */
    void failWrites(Path file) {
        run("chattr", "+i", file.toString());
    }

    void takeWrites(Path file) {
        run("chattr", "-i", file.toString());
    }

    /** Whether the filesystem refuses to create a file because it went read-only. */
    boolean isReadOnly() {
        Path probe = view(mountPoint).resolve("probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return false;
        } catch (FileSystemException e) {
            return "Read-only file system".equals(e.getReason());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What an operator does once the device takes writes again: unmount (nothing may hold a file open there),
     * {@code e2fsck -fy}, mount. Returns e2fsck's exit code (0 clean, 1 errors corrected).
     */
    int repair() {
        inNamespace("umount", mountPoint.toString()).orThrow(List.of("umount", mountPoint.toString()));
        Shell.Result fsck = Shell.run(TestBedCli.projectRoot(), COMMAND, List.of("e2fsck", "-fy", device));
        if (fsck.exitCode() > 1) {
            throw new IllegalStateException("e2fsck -fy " + device + " exited " + fsck.exitCode() + ":\n"
                    + fsck.output());
        }
        mount();
        return fsck.exitCode();
    }

    private void mount() {
        List<String> mount = List.of("mount", "-o", MOUNT_OPTIONS, device, mountPoint.toString());
        inNamespace(mount.toArray(String[]::new)).orThrow(mount);
    }

    private Shell.Result inNamespace(String... command) {
        List<String> entered = new ArrayList<>(enter());
        entered.addAll(List.of(command));
        return Shell.run(TestBedCli.projectRoot(), COMMAND, entered);
    }

    /** unshare has made the namespace once the process's differs from this one's. */
    private void awaitOwnNamespace() {
        Path own = Path.of("/proc/" + namespace.pid() + "/ns/mnt");
        SluiceCluster.await("the disk's mount namespace", Duration.ofSeconds(10), () -> {
            try {
                return !Files.readSymbolicLink(own).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")));
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /**
     * Ends the namespace (the mount goes with its last process: stop whatever was started through
     * {@link #enter} first), detaches the loop device and deletes the image.
     */
    @Override
    public void close() throws IOException {
        namespace.destroyForcibly();
        try {
            namespace.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeImage(image);
    }

    /** Detaches every loop device on the image (one left by a run that died, too) and deletes it. */
    private static void removeImage(Path image) throws IOException {
        if (Files.exists(image)) {
            run("chattr", "-i", image.toString());
            for (String line : run("losetup", "--associated", image.toString()).split("\n")) {
                if (line.contains(":")) {
                    runQuietly("losetup", "--detach", line.substring(0, line.indexOf(':')));
                }
            }
            Files.delete(image);
        }
    }

    private static String run(String... command) {
        return Shell.run(TestBedCli.projectRoot(), COMMAND, List.of(command)).orThrow(List.of(command)).output();
    }

    private static void runQuietly(String... command) {
        Shell.run(TestBedCli.projectRoot(), COMMAND, List.of(command));
    }
}
