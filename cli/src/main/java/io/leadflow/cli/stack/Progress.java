package io.leadflow.cli.stack;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines for long-running commands, on standard error so output stays pipeable. */
public final class Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public void say(String message) {
        System.err.println(LocalTime.now().format(TIME) + " " + message);
    }
}
