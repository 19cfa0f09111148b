package io.leadflow.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event contract as the tests see it: the JSON Schema files of {@code schemas/json}, loaded
 * from the source tree (not the classpath) so the tests check the very files users read. The
 * schemas' {@code $id} prefix {@code https://leadflow.io/schemas/} is mapped to that directory so
 * the relative {@code $ref}s resolve offline. Format assertions are on, so {@code occurredAt} must
 * really be a date-time.
 */
public final class EventSchemas {

    static final String ID_PREFIX = "https://leadflow.io/schemas/";
    static final List<String> TYPES =
            List.of(
                    "lead.created",
                    "lead.updated",
                    "lead.status_changed",
                    "lead.assigned",
                    "activity",
                    "opportunity",
                    "campaign.cost");

    private final Map<String, JsonSchema> byType = new HashMap<>();

    public EventSchemas() {
        Path dir = schemaDirectory();
        JsonSchemaFactory factory =
                JsonSchemaFactory.getInstance(
                        SpecVersion.VersionFlag.V202012,
                        builder ->
                                builder.schemaMappers(
                                        mappers ->
                                                mappers.mapPrefix(
                                                        ID_PREFIX, dir.toUri().toString())));
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (String type : TYPES) {
            byType.put(
                    type,
                    factory.getSchema(
                            SchemaLocation.of(ID_PREFIX + type + ".schema.json"), config));
        }
    }

    /** Validation errors of {@code event}; an unknown type is an error too. */
    public Set<ValidationMessage> validate(JsonNode event) {
        JsonSchema schema = byType.get(event.path("type").asText());
        if (schema == null) {
            throw new IllegalArgumentException("no schema for type " + event.path("type"));
        }
        return schema.validate(event);
    }

    boolean knows(String type) {
        return byType.containsKey(type);
    }

    private static Path schemaDirectory() {
        // Maven runs tests in the module directory; IDEs sometimes in the repository root.
        for (Path candidate : List.of(Path.of("../schemas/json"), Path.of("schemas/json"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "schemas/json not found from " + Path.of("").toAbsolutePath());
    }
}
