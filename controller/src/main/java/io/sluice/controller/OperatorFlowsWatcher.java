package io.sluice.controller;

import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.OperatorFlowsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the operator flows file when it changes. A file that does not parse is reported and ignored:
 * the flows in force stay as they were, so a typo never wipes a switch.
 */
final class OperatorFlowsWatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OperatorFlowsWatcher.class);

    private final Path file;
    private final Consumer<OperatorFlows> onChange;
    private final OperatorFlowsParser parser = new OperatorFlowsParser();
    private FileTime lastSeen;

    OperatorFlowsWatcher(Path file, Consumer<OperatorFlows> onChange) {
        this.file = file;
        this.onChange = onChange;
    }

    @Override
    public void run() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(lastSeen)) {
                return;
            }
            lastSeen = modified;
            OperatorFlows flows = parser.parse(Files.readString(file));
            log.info("operator flows loaded from {}: {} flows, {} groups", file, flows.flows().size(),
                    flows.groups().size());
            onChange.accept(flows);
        } catch (NoSuchFileException e) {
            if (lastSeen != null) {
                log.warn("operator flows file {} disappeared; keeping the flows in force", file);
                lastSeen = null;
            }
        } catch (IOException | IllegalArgumentException e) {
            log.error("operator flows file {} rejected, flows in force unchanged: {}", file, e.getMessage());
        }
    }
}
