package io.notespipeline.producer;

import java.util.List;
import java.util.stream.Collectors;

import io.notespipeline.schemas.contract.Violation;

/** Events were refused before anything was sent: every violation names the event index, field and rule. */
public class ValidationException extends ProducerException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super("invalid events: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
