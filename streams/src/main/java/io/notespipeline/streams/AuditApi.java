package io.notespipeline.streams;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.schemas.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/audit?from=&to=} (ISO-8601 instants, either optional): the audit view's buckets with their
 * status and difference, a summary, and the offset lag per consumer tier, as JSON. Errors are an
 * {@link ErrorBody}: 40051 for a bad time, 50350 while the audit view is not ready.
 * Authentication is added by the app.
 */
public final class AuditApi {

    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);
    private final AuditService service;

    public AuditApi(AuditService service) {
        this.service = service;
    }

    /** Adds the route and its error mapping to {@code app}. */
    public void register(Javalin app) {
        app.get("/v1/audit", this::audit);
        app.exception(AuditQueryException.class, (e, ctx) -> {
            if (e.code.httpStatus() >= 500) {
                log.warn("Audit query failed path={}: {}", ctx.path(), e.getMessage());
            }
            ctx.status(e.code.httpStatus()).contentType("application/json")
                    .result(ErrorBody.of(e.code, e.getMessage()).toJson());
        });
    }

    private void audit(Context ctx) {
        Instant from = time("from", ctx.queryParam("from"));
        Instant to = time("to", ctx.queryParam("to"));
        AuditReport report;
        try {
            report = service.report(from, to);
        } catch (NotesStreamsException e) {
            throw new AuditQueryException(ErrorCode.UNAVAILABLE, e.getMessage());
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/plain")) {
            ctx.status(200).contentType("text/plain; charset=utf-8").result(AuditTable.format(report));
            return;
        }
        send(ctx, 200, toJson(report));
    }

    /** @return the JSON shape of {@code report} (also what {@code notes audit --json} may print) */
    public static Map<String, Object> toJson(AuditReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", report.at().toString());
        body.put("grace_ms", report.grace());
        body.put("summary", Map.of("buckets", report.buckets().size(),
                "complete", report.count(AuditBucket.Status.COMPLETE),
                "pending", report.count(AuditBucket.Status.PENDING),
                "incomplete", report.count(AuditBucket.Status.INCOMPLETE)));
        List<Map<String, Object>> buckets = report.buckets().stream().map(AuditApi::row).toList();
        body.put("buckets", buckets);
        body.put("lag", report.lag().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tier", l.tier());
            m.put("topic", l.topic());
            m.put("partition", l.partition());
            m.put("committed_offset", l.committedOffset());
            m.put("log_end_offset", l.logEndOffset());
            m.put("lag", l.lag());
            m.put("reported_at", l.reportedAt().toString());
            return m;
        }).toList());
        return body;
    }

    private static Map<String, Object> row(AuditReport.Row r) {
        AuditBucket b = r.bucket();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucket_start", Instant.ofEpochMilli(b.bucketStart()).toString());
        m.put("bucket_ms", b.bucketMs());
        m.put("topic", b.topic());
        m.put("partition", b.partition());
        m.put("log", b.log());
        m.put("produced", b.produced());
        m.put("views", b.views());
        m.put("rejected", b.rejected());
        m.put("duplicates", b.duplicates());
        m.put("lake", b.lake());
        m.put("warehouse", b.warehouse());
        m.put("status", r.status().name().toLowerCase(Locale.ROOT));
        m.put("difference", r.difference());
        m.put("differences", b.differences());
        return m;
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return IsoTime.parse(name, value);
        } catch (IsoTime.InvalidTimeException e) {
            throw new AuditQueryException(ErrorCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    private static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(Json.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A query error with its code. */
    static final class AuditQueryException extends RuntimeException {
        private final ErrorCode code;

        AuditQueryException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }
}
