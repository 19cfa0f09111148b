package io.leadflow.jobs.rows;

/**
 * The latest event time one writer of the job has seen: {@code event_clock} keeps the greatest ever
 * written (its version is the clock itself), and that is the job's event-time clock, against which
 * cohort maturity, the 24-hour share of speed to lead and time in a stage are judged. It only moves
 * forward, and a replay of 2018 data keeps a 2018 clock however late it is queried.
 *
 * @param writer which writer (a subtask) saw it
 * @param clockMillis the latest event time it saw, epoch milliseconds
 */
public record EventClockRow(String writer, long clockMillis) {}
