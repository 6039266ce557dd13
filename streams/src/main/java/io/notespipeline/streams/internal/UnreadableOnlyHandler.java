package io.notespipeline.streams.internal;

import io.notespipeline.schemas.registry.RegistryUnavailableException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log-and-continue (and dead-letter when {@code errors.dead.letter.queue.topic.name} is set) only for records
 * that cannot be read; when the registry could not answer the record is not at fault, so the task fails
 * without committing past it and the replaced stream thread reads it again. Internal.
 */
public final class UnreadableOnlyHandler extends LogAndContinueExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UnreadableOnlyHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryUnavailableException.isCause(exception)) {
            log.warn("Registry unavailable while reading topic={} partition={} offset={}; failing the task to retry: {}",
                    context.topic(), context.partition(), context.offset(), exception.toString());
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}
