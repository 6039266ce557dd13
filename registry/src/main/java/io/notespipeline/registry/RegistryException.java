package io.notespipeline.registry;

/**
 * Root exception of the registry module. Carries the Confluent error code and the HTTP status it
 * is answered with; the server maps every one of them to {@code {"error_code":int,"message":str}}
 * in one place.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final int httpStatus;

    public RegistryException(int errorCode, int httpStatus, String message) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public RegistryException(int errorCode, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    /** @return the Confluent error code, e.g. 40401 */
    public int errorCode() {
        return errorCode;
    }

    /** @return the HTTP status, e.g. 404 */
    public int httpStatus() {
        return httpStatus;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(40401, 404, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(int version) {
        return new RegistryException(40402, 404, "Version " + version + " not found.");
    }

    public static RegistryException schemaNotFound(String detail) {
        return new RegistryException(40403, 404, detail);
    }

    public static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(40404, 404, "Subject '" + subject
                + "' was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(40405, 404, "Subject '" + subject
                + "' was not deleted first before being permanently deleted");
    }

    public static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(40406, 404, "Subject '" + subject + "' Version " + version
                + " was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(40407, 404, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }

    public static RegistryException subjectCompatibilityNotConfigured(String subject) {
        return new RegistryException(40408, 404, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    public static RegistryException subjectModeNotConfigured(String subject) {
        return new RegistryException(40409, 404, "Subject '" + subject + "' does not have subject-level mode configured");
    }

    /**
     * Not a Confluent code: the topic has no metadata. Confluent numbers its codes upwards from
     * xx01 (40410 is its "association not found"), so ours sits at the far end of the range.
     */
    public static RegistryException topicMetadataNotFound(String topic) {
        return new RegistryException(40490, 404, "Topic '" + topic + "' has no metadata.");
    }

    public static RegistryException incompatible(String subject, java.util.List<String> messages) {
        return new RegistryException(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + messages);
    }

    public static RegistryException invalidSchema(String detail) {
        return new RegistryException(42201, 422, detail);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(42202, 422, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibility(String level) {
        return new RegistryException(42203, 422, "Invalid compatibility level '" + level + "'. Valid values are none, "
                + "backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    public static RegistryException invalidMode(String mode) {
        return new RegistryException(42204, 422, "Invalid mode '" + mode + "'. Valid values are READWRITE, READONLY, IMPORT");
    }

    public static RegistryException notPermitted(String detail) {
        return new RegistryException(42205, 422, detail);
    }

    /** Confluent's 42206: a schema version other schemas reference cannot be deleted. */
    public static RegistryException referenceExists(String detail) {
        return new RegistryException(42206, 422, "One or more references exist to the schema {" + detail + "}.");
    }

    /** Confluent's 42210: a rule set that {@code RuleSet.validate} refuses. */
    public static RegistryException invalidRuleSet(String detail) {
        return new RegistryException(42210, 422, "Invalid rule set: " + detail);
    }

    /** Not a Confluent code (42210 is Confluent's "invalid rule set"): a topic-metadata document that cannot be stored. */
    public static RegistryException invalidTopicMetadata(String detail) {
        return new RegistryException(42290, 422, "Invalid topic metadata: " + detail);
    }

    public static RegistryException storeError(String detail, Throwable cause) {
        return new RegistryException(50001, 500, "Error in the backend data store: " + detail, cause);
    }

    public static RegistryException timeout(String detail) {
        return new RegistryException(50002, 500, "Operation timed out: " + detail);
    }

    public static RegistryException unauthorized(String detail) {
        return new RegistryException(40101, 401, "Unauthorized: " + detail);
    }

    /** 403 / 40301 (Confluent's code for a denied operation): a write this server accepts from nobody. */
    public static RegistryException forbidden(String detail) {
        return new RegistryException(40301, 403, "Forbidden: " + detail);
    }

    /** 415 with the bare status as code, as Confluent (Jersey) answers a body it does not consume. */
    public static RegistryException unsupportedMediaType(String detail) {
        return new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: " + detail);
    }
}
