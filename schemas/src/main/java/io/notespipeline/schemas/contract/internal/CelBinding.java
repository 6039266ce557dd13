package io.notespipeline.schemas.contract.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Binds an Avro record the way Confluent's Java CEL executor binds a generic record: a record is a map from
 * field name to value (a union holds the value of its branch, with no type tag), null is CEL null, strings
 * are strings, int widens to long, float to double, bytes are CEL bytes. Logical types bind as their Avro
 * carrier, as in a generic record: timestamp-millis as epoch milliseconds (long), uuid as a string.
 */
public final class CelBinding {

    private CelBinding() {
    }

    /** @return {@code record} as the CEL value bound to {@code message} */
    public static Map<String, Object> message(IndexedRecord record) {
        return recordMap(record);
    }

    private static Map<String, Object> recordMap(IndexedRecord record) {
        List<Schema.Field> fields = record.getSchema().getFields();
        Map<String, Object> out = new LinkedHashMap<>(fields.size() * 2);
        for (Schema.Field field : fields) {
            out.put(field.name(), value(record.get(field.pos())));
        }
        return out;
    }

    private static Object value(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        } else if (value instanceof IndexedRecord r) {
            return recordMap(r);
        } else if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?> || value instanceof UUID) {
            return value.toString();
        } else if (value instanceof Integer i) {
            return i.longValue();
        } else if (value instanceof Float f) {
            return f.doubleValue();
        } else if (value instanceof Instant at) {
            return at.toEpochMilli();
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return CelByteString.of(bytes);
        } else if (value instanceof GenericFixed fixed) {
            return CelByteString.of(fixed.bytes());
        } else if (value instanceof List<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(value(item)));
            return out;
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
            return out;
        }
        return value;
    }
}
