package io.leadflow.cli;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.dashboards.DashboardQueries;
import io.leadflow.dashboards.DashboardServer;
import io.leadflow.dashboards.GrafanaDashboard;
import io.leadflow.jobs.config.ClickHouseSettings;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./leadflow dashboard}: only the built-in dashboard, over the configured ClickHouse (as the
 * docker-compose stack runs it, with the read-only user's credentials as its ClickHouse user) or
 * over the local server under the data directory, read as its analyst. Runs until Ctrl-C.
 */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Serves the built-in dashboard over the configured ClickHouse, every query with"
                    + " readonly=1 (give it the read-only user: clickhouse.user/password), or over"
                    + " the local ClickHouse of ./leadflow demo as its analyst. Until Ctrl-C."
        })
final class DashboardCommand extends LeadflowCommand {

    @Option(names = "--port", defaultValue = "8088", description = "Port to listen on.")
    int port;

    @Option(
            names = "--host",
            description =
                    "Address to listen on; ui.bind-address (127.0.0.1) unless given. 0.0.0.0"
                            + " serves every interface, as a container needs.")
    String host;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LaunchContext context = context();
        LeadflowConfig config = context.config();
        if (port < 1 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--port must be a port, 1 to 65535 (got " + port + ")");
        }
        String bind = host == null ? config.job().uiBindAddress() : host;
        Progress progress = new Progress();
        boolean named =
                context.env().containsKey("LEADFLOW_CLICKHOUSE_URL")
                        || !config.clickHouse()
                                .url()
                                .equals(LeadflowConfig.defaults().clickHouse().url());
        LocalStack stack = null;
        ClickHouseHttp reader;
        if (named) {
            ClickHouseSettings ch = config.clickHouse();
            ClickHouseHttp configured =
                    new ClickHouseHttp(
                            URI.create(ch.url()), ch.database(), ch.user(), ch.password());
            configured.checkReachable();
            // A read-only user (the compose stack's leadflow_reader) is read as it is; any other
            // gets readonly=1 on every query, which not every server version lets a read-only
            // user be sent.
            boolean readOnlyUser =
                    configured.queryLong(
                                    "SELECT toUInt64(value) FROM system.settings"
                                            + " WHERE name = 'readonly'")
                            > 0;
            reader = readOnlyUser ? configured : configured.readOnly();
        } else {
            stack = context.open(config, context.dataDir(), false, progress);
            reader = stack.reader();
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (DashboardServer server =
                DashboardServer.start(
                        new DashboardQueries(
                                reader, GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL)),
                        bind,
                        port)) {
            progress.say(
                    "dashboard at "
                            + server.url()
                            + " over "
                            + reader.baseUrl()
                            + " database "
                            + reader.database()
                            + "; Ctrl-C to stop");
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dashboard-stop"));
            stop.await();
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
        return 0;
    }
}
