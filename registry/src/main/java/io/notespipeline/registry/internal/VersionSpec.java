package io.notespipeline.registry.internal;

import io.notespipeline.registry.RegistryException;

/** Parses a version as the API takes it: a number from 1, or {@code latest} / {@code -1}. */
final class VersionSpec {

    static final int LATEST = -1;

    private VersionSpec() {
    }

    /** @throws RegistryException 42202 when {@code spec} is neither */
    static int parse(String spec) {
        if ("latest".equalsIgnoreCase(spec) || "-1".equals(spec)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(spec);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the API error
        }
        throw RegistryException.invalidVersion(spec);
    }
}
