package io.leadflow.cli;

import io.leadflow.cli.stack.LaunchContext;

import java.util.concurrent.Callable;

/**
 * A subcommand of {@link Leadflow}: picocli parses its own flags, the launcher hands it the loaded
 * configuration before it runs.
 */
abstract class LeadflowCommand implements Callable<Integer> {

    private LaunchContext context;

    final void use(LaunchContext launched) {
        this.context = launched;
    }

    /** The configuration and environment this run was launched with. */
    final LaunchContext context() {
        if (context == null) {
            throw new IllegalStateException("the configuration was not loaded before the command");
        }
        return context;
    }
}
