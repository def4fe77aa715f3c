package io.sluice.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root, found from the module directory Maven runs tests in. */
final class ProjectRoot {
    private ProjectRoot() {
    }

    static Path path() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("scripts/testbed"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scripts/testbed above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
