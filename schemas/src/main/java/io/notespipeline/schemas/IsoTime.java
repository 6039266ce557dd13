package io.notespipeline.schemas;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one parser of ISO-8601 times given by users, in flags, query parameters and JSON bodies. */
public final class IsoTime {

    /** An example of each accepted form, for error messages and help texts. */
    public static final String EXAMPLES = "2019-10-01T16:00:00Z or 2019-10-01T12:00:00-04:00";

    private IsoTime() {
    }

    /** A value that is not an ISO-8601 time with an offset; the message names the field and the value. */
    public static final class InvalidTimeException extends NotesSchemaException {
        private static final long serialVersionUID = 1L;

        private final String field;
        private final String value;

        InvalidTimeException(String field, String value, Throwable cause) {
            super(field + " must be an ISO-8601 time such as " + EXAMPLES + ", got '" + value + "'", cause);
            this.field = field;
            this.value = value;
        }

        /** @return the name of the field, flag or parameter at fault */
        public String field() {
            return field;
        }

        /** @return the text that could not be read */
        public String value() {
            return value;
        }
    }

    /**
     * Parses a date and time with an offset ({@code Z}, {@code +02:00}, {@code -04:00}; seconds and
     * fractions optional, as ISO-8601 allows) into the instant it names.
     *
     * @param field the name of what is parsed (for the error message)
     * @param text  the text to parse
     * @return the instant, in UTC
     * @throws InvalidTimeException when {@code text} is null or not such a time
     */
    public static Instant parse(String field, String text) {
        if (text == null) {
            throw new InvalidTimeException(field, null, null);
        }
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidTimeException(field, text, e);
        }
    }
}
