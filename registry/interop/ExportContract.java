import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.schemas.contract.DataContract;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints the registration body of notes.events in Confluent's shape: schema, metadata and ruleSet of the built-in contract. */
public class ExportContract {
    public static void main(String[] args) throws Exception {
        DataContract contract = BuiltInContracts.noteEvents();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemaType", "AVRO");
        body.put("schema", NoteEvent.getClassSchema().toString());
        body.put("metadata", contract.metadata());
        body.put("ruleSet", contract.ruleSet());
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
}
