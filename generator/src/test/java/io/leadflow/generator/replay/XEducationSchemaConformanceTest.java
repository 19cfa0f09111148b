package io.leadflow.generator.replay;

import io.leadflow.generator.EventSchemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event the X Education conversion produces validates against the JSON Schemas in {@code
 * schemas/json} (the files users read, format assertions on): a small sample with every kind of
 * event, and the whole real file when the shared data set is there.
 */
class XEducationSchemaConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSchemas schemas = new EventSchemas();

    @Test
    void everyKindOfEventValidates() throws Exception {
        String csv =
                "Prospect ID,Lead Origin,Lead Source,Do Not Email,Do Not Call,Converted,"
                        + "TotalVisits,Total Time Spent on Website,Page Views Per Visit,Country,"
                        + "Specialization,What is your current occupation,"
                        + "A free copy of Mastering The Interview\r\n"
                        + "a,Landing Page Submission,Google,Yes,Yes,1,4,901,2.5,India,"
                        + "\"Banking, Investment And Insurance\",Working Professional,Yes\r\n"
                        + "b,Lead Import,,No,No,0,,0,,unknown,Select,,No\r\n";
        XEducationReplayPlan plan =
                new XEducationLeads().convert(CsvTable.parse(csv, XEducationLeads.FILE));
        Set<String> types = validate(plan);
        assertThat(types)
                .containsExactlyInAnyOrder(
                        "lead.created",
                        "lead.updated",
                        "activity",
                        "lead.status_changed",
                        "opportunity");
    }

    @Test
    @NeedsDatasets(NeedsDatasets.X_EDUCATION)
    void everyEventOfTheRealFileValidates() throws Exception {
        XEducationReplayPlan plan = new XEducationLeads().read(XEducationDataset.file());
        assertThat(plan.records()).hasSizeGreaterThan(XEducationDataset.LEADS);
        validate(plan);
    }

    private Set<String> validate(XEducationReplayPlan plan) throws Exception {
        Set<String> types = new TreeSet<>();
        for (ReplayRecord record : plan.records()) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(schemas.validate(event)).as(record.valueAsString()).isEmpty();
            types.add(event.get("type").asText());
        }
        return types;
    }
}
