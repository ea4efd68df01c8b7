package io.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.RuntimeKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo with a real server, real simpleservice processes, real traffic through the router and real
 * deployments in the middle of it — in a JVM where the JDK's HTTP client may not set {@code Host}.
 */
class DemoIT {

    @BeforeAll
    static void findsSimpleserviceWhenTheBuildDidNotSayWhereItIs() {
        // failsafe sets it; a run by surefire (-Dtest=...) starts in tools/demo/ and does not
        if (System.getProperty("cutover.simpleservice.jar") == null) {
            System.setProperty("cutover.simpleservice.jar", "../../examples/simpleservice/target/simpleservice.jar");
        }
    }

    @Test
    void rollsOutTheNextVersionUnderLoadWithoutAFailedRequestAndLeavesNothingBehind() {
        assertThat(System.getProperty("jdk.httpclient.allowRestrictedHeaders")).as("nothing allows Host").isNull();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = new Demo(new DemoOptions(2, 2, 200, 4), new PrintWriter(out, true), new PrintWriter(err, true)).run();

        String printed = out.toString();
        assertThat(exitCode).as(printed + err).isZero();
        assertThat(printed).contains("deploying hello x2 (version 1.0)…", "2/2 instances routable in ",
                "sending 200 req/s through the router", "over 4 connections",
                "after 2s: applied version 2.0, deployment 2 started",
                "hello: deploying revision 2 (rolling)", "FINALIZED/DEPLOYED", "deployment 2 DEPLOYED in ",
                "traffic for 2s more…", "answers by version, interval by interval (█ 1.0  ░ 2.0):",
                "← deployment 2 started", "← deployment 2 DEPLOYED",
                "failures: 0 (0 non-2xx, 0 connection errors)", "app deleted, ");
        assertThat(printed).contains("now a canary of 3.0", "applied version 3.0, deployment 3 started",
                "hello: deploying revision 3 (canary)", "analysis at step 3: PASS", "analysis at step 6: PASS",
                "deployment 3 DEPLOYED in ", "answers by version, interval by interval (█ 2.0  ░ 3.0):");
        assertThat(printed).contains("now blue-green to 4.0", "applied version 4.0, deployment 4 started",
                "hello: deploying revision 4 (blueGreen)", "deployment 4 DEPLOYED in ",
                "answers by version, interval by interval (█ 3.0  ░ 4.0):");
        assertThat(printed).contains("a maintenance window on hello.localhost", "GET /login → 503 <!doctype html>",
                "POST /api/x → 503 {\"status\": 503, \"message\": \"Upgrading the database, back in 5 minutes.\", \"retryAfter\": 300}",
                "GET /endpoint0 with X-Ops → 200", "maintenance off");
        assertThat(printed.split("failures: 0 \\(0 non-2xx, 0 connection errors\\)", -1)).as("all three deployments").hasSize(4);
        // 2 s of traffic after the deployment ended hold a whole second after the one it ended in
        assertThat(printed).as("the first second is all 1.0, a second after the deployment all 2.0")
                .containsPattern("(?m)^t=1(\\.\\d)?s +1\\.0 █{20} 100%  2\\.0   0%  \\d+ answers$")
                .containsPattern("← deployment 2 DEPLOYED\\n(.*\\n)*t=\\S+ +1\\.0 ░{20}   0%  2\\.0 100%  \\d+ answers\\n");
        assertThat(printed).containsPattern("(?m)^VERSION +ANSWERS +SHARE\\n1\\.0 +\\d+ +\\S+%\\n2\\.0 +\\d+ +\\S+%\\n");
        Matcher dataDir = Pattern.compile("data in (\\S+)").matcher(printed);
        assertThat(dataDir.find()).isTrue();
        assertThat(Files.exists(Path.of(dataDir.group(1)))).as("the temporary data directory is removed").isFalse();
    }

    @Test
    void runsTheSameDeploymentsOnPodsOfTheKubernetesSandboxWithoutAFailedRequest() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = new Demo(new DemoOptions(2, 1, 200, 4, RuntimeKind.KUBERNETES), new PrintWriter(out, true),
                new PrintWriter(err, true)).run();

        String printed = out.toString();
        assertThat(exitCode).as(printed + err).isZero();
        assertThat(printed).contains("Kubernetes sandbox: API server on http://", "2/2 instances routable in ",
                "deployment 2 DEPLOYED in ", "deployment 3 DEPLOYED in ", "deployment 4 DEPLOYED in ", "maintenance off");
        assertThat(printed.split("failures: 0 \\(0 non-2xx, 0 connection errors\\)", -1)).as("all three deployments").hasSize(4);
        assertThat(printed).containsPattern("GET /endpoint0 with X-Ops → 200 \\{\"host\": \"127\\.0\\.0\\.\\d+:8080\"")
                .as("answered by a pod on its own address");
        Matcher deleted = Pattern.compile("app deleted, (\\d+) processes exited").matcher(printed);
        assertThat(deleted.find()).as(printed).isTrue();
        assertThat(Integer.parseInt(deleted.group(1))).as("the pods' processes, all gone").isGreaterThanOrEqualTo(8);
    }
}
