package io.notespipeline.consumer;

import java.time.LocalDate;

/**
 * What {@link LakeCompactor#compact} did to one day.
 *
 * @param date              the day (UTC)
 * @param filesBefore       lake files of the day before
 * @param filesAfter        lake files of the day after
 * @param recordsBefore     records before
 * @param recordsAfter      records after (verified by reading the new files back)
 * @param duplicatesDropped records dropped because their eventId was already there
 */
public record CompactionReport(LocalDate date, int filesBefore, int filesAfter, long recordsBefore,
                               long recordsAfter, long duplicatesDropped) {
}
