package io.notespipeline.consumer;

import java.util.Locale;

/** What a sink does with a record it cannot read or convert. */
public enum DeadLetterPolicy {
    /** Send the original key and bytes to {@code <topic>.dlq} with the origin and error in headers, keep going. */
    DLQ("dlq"),
    /** Stop the sink with a {@link NotesSinkException}; nothing after the record is written. */
    FAIL("fail"),
    /** Log the record's origin and error at WARN and keep going. */
    LOG_AND_SKIP("log-and-skip");

    private final String configValue;

    DeadLetterPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** @return the value used in configuration ({@code dlq}, {@code fail}, {@code log-and-skip}) */
    public String configValue() {
        return configValue;
    }

    /** @return the policy named {@code value} (case-insensitive) */
    public static DeadLetterPolicy parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (DeadLetterPolicy p : values()) {
            if (p.configValue.equals(v)) {
                return p;
            }
        }
        throw new NotesSinkException("unknown dead-letter policy '" + value + "' (dlq, fail, log-and-skip)");
    }
}
