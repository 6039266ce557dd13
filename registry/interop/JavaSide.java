import io.notespipeline.schemas.registry.*;
import java.nio.file.*;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.*;

public class JavaSide {
    public static void main(String[] args) throws Exception {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient("http://localhost:18081");
        Schema v2 = client.latest("interop-value").schema();
        byte[] fromNode = HexFormat.of().parseHex(Files.readString(Path.of("node-v1.hex")));
        GenericRecord read = RegistryAvroDeserializer.generic(client, v2).deserialize("interop", fromNode);
        System.out.println("node v1 bytes read by Java as v2: " + read);
        GenericRecord rec = new GenericData.Record(v2);
        rec.put("id", "from-java"); rec.put("views", 7L); rec.put("room", "Hall B");
        byte[] bytes = new RegistryAvroSerializer<GenericRecord>(client).serialize("interop", rec);
        Files.writeString(Path.of("java-v2.hex"), HexFormat.of().formatHex(bytes));
        System.out.println("java wrote id " + java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt());
    }
}
