package io.leadflow.generator;

/** Generated histories shared by the tests, built once per JVM because 10k leads take a moment. */
final class GeneratedSamples {

    static final GeneratorSettings TEN_K = GeneratorSettings.defaults().withLeadCount(10_000);

    private static GeneratedHistory tenK;

    private GeneratedSamples() {}

    static synchronized GeneratedHistory tenThousandLeads() {
        if (tenK == null) {
            tenK = new LeadHistoryGenerator(TEN_K).generate();
        }
        return tenK;
    }
}
