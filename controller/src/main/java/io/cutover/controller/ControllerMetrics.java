package io.cutover.controller;

import io.cutover.controller.engine.PassTimes;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.Store;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.router.Router;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;

/** The metrics {@code /metrics} serves: apps, instances by state, the route generation, router traffic. */
final class ControllerMetrics {

    private ControllerMetrics() {}

    static PrometheusMeterRegistry create(Store store, RoutePublisher routes, @Nullable Router router, PassTimes passes) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Gauge.builder("cutover_apps", store, s -> s.apps().size()).description("apps in the store").register(registry);
        for (InstanceState state : InstanceState.values()) {
            Gauge.builder("cutover_instances", store,
                            s -> s.allInstances().stream().map(Instance::state).filter(state::equals).count())
                    .tag("state", state.name()).description("instances by state").register(registry);
        }
        FunctionCounter.builder("cutover_engine_passes", passes, PassTimes::passes)
                .description("passes of the engine (one app's state read, planned, the plan carried out)").register(registry);
        FunctionCounter.builder("cutover_engine_pass_seconds", passes, PassTimes::totalSeconds)
                .description("time in those passes, router confirmations included").register(registry);
        Gauge.builder("cutover_engine_pass_longest_seconds", passes, PassTimes::longestSeconds)
                .description("the longest pass").register(registry);
        Gauge.builder("cutover_route_generation", routes, r -> r.current().generation())
                .description("the route-table generation last published").register(registry);
        if (router != null) {
            Gauge.builder("cutover_router_requests", router, r -> r.stats().requests())
                    .description("requests the embedded router received").register(registry);
            Gauge.builder("cutover_router_ejections", router, r -> r.stats().ejections())
                    .description("instances the embedded router ejected after consecutive failures").register(registry);
            Gauge.builder("cutover_router_retries", router, r -> r.stats().retries())
                    .description("requests the embedded router sent again to another instance").register(registry);
            Gauge.builder("cutover_router_identity_mismatches", router, r -> r.stats().identityMismatches())
                    .description("new connections the embedded router did not use: the instance at the address answered "
                            + "as another (a pod's IP reused)").register(registry);
            Gauge.builder("cutover_router_in_flight", router,
                            r -> r.inFlight().values().stream().mapToInt(Integer::intValue).sum())
                    .description("requests in flight through the embedded router").register(registry);
            Gauge.builder("cutover_router_http2_connections", router, r -> r.stats().http2Connections())
                    .description("client connections of the embedded router that spoke HTTP/2").register(registry);
            if (router.tlsAddress() != null) {
                tlsMetrics(registry, router);
            }
        }
        return registry;
    }

    /** The embedded router's TLS listener: failed handshakes, refused reloads, and each certificate's expiry. */
    private static void tlsMetrics(PrometheusMeterRegistry registry, Router router) {
        Gauge.builder("cutover_router_tls_handshake_failures", router, r -> r.stats().tlsHandshakeFailures())
                .description("TLS handshakes of the embedded router that failed").register(registry);
        Gauge.builder("cutover_router_certificate_reloads_refused", router, Router::refusedCertificateReloads)
                .description("certificate pairs that changed into something that cannot be served (the old one stayed)")
                .register(registry);
        MultiGauge expiry = MultiGauge.builder("cutover_router_certificate_expiry_timestamp_seconds")
                .description("when each certificate the embedded router serves expires (Unix time); alert on it minus time()")
                .register(registry);
        Runnable refresh = () -> expiry.register(router.certificates().stream()
                .map(c -> MultiGauge.Row.of(Tags.of("certificate", c.name()), c.notAfter().getEpochSecond()))
                .toList(), true);
        refresh.run();
        router.onCertificateChange(refresh);
    }
}
