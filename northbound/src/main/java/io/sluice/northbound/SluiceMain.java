package io.sluice.northbound;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The all-in-one launcher: {@code java -jar sluice.jar controller|agent|audit ...}. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "Sluice 0.1",
        description = "Sluice SDN controller for OpenStack-style clouds.",
        subcommands = {ControllerCommand.class, AgentCommand.class, AuditCommand.class})
public final class SluiceMain {
    private SluiceMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SluiceMain()).execute(args));
    }
}
