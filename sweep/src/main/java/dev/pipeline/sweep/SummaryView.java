package dev.pipeline.sweep;

/**
 * {@code --summary}: the table of the points in an output directory.
 *
 * @param sort the column to sort by, or null for the points' order
 * @param results the metrics file each point writes into its directory
 */
public record SummaryView(String sort, boolean descending, String results) {}
