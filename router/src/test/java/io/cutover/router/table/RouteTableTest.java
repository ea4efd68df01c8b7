package io.cutover.router.table;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.routing.RouteEntry;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final LiveTable live = new LiveTable();

    private RouteTable compile(RouteEntry... routes) {
        live.apply(table(1, routes));
        return live.current();
    }

    private static RouteEntry app(String host, String prefix, String app) {
        return route(host, prefix, app, revision(1, 100, endpoint(app + "-1", 9000)));
    }

    @Test
    void findsAnExactHost() {
        RouteTable table = compile(app("hello.localhost", "/", "hello"), app("bye.localhost", "/", "bye"));

        assertThat(table.find("hello.localhost", "/").app()).isEqualTo("hello");
        assertThat(table.find("bye.localhost", "/x?y=1").app()).isEqualTo("bye");
        assertThat(table.find("other.localhost", "/")).isNull();
    }

    @Test
    void fallsBackToTheMostSpecificWildcard() {
        RouteTable table = compile(
                app("*.example.com", "/", "wide"),
                app("*.eu.example.com", "/", "eu"),
                app("www.example.com", "/", "www"));

        assertThat(table.find("www.example.com", "/").app()).isEqualTo("www");
        assertThat(table.find("a.example.com", "/").app()).isEqualTo("wide");
        assertThat(table.find("a.eu.example.com", "/").app()).isEqualTo("eu");
        assertThat(table.find("example.com", "/")).isNull();
    }

    @Test
    void choosesTheLongestMatchingPathPrefix() {
        RouteTable table = compile(
                app("shop.localhost", "/", "web"),
                app("shop.localhost", "/api", "api"),
                app("shop.localhost", "/api/v2/", "api-v2"));

        assertThat(table.find("shop.localhost", "/api").app()).isEqualTo("api");
        assertThat(table.find("shop.localhost", "/api/orders").app()).isEqualTo("api");
        assertThat(table.find("shop.localhost", "/api?x=1").app()).isEqualTo("api");
        assertThat(table.find("shop.localhost", "/apix").app()).isEqualTo("web");
        assertThat(table.find("shop.localhost", "/api/v2/orders").app()).isEqualTo("api-v2");
        assertThat(table.find("shop.localhost", "/").app()).isEqualTo("web");
    }

    @Test
    void matchesThePathOfAnAbsoluteFormTarget() {
        RouteTable table = compile(app("shop.localhost", "/api", "api"));

        assertThat(table.find("shop.localhost", "http://shop.localhost/api/x").app()).isEqualTo("api");
        assertThat(table.find("shop.localhost", "http://shop.localhost/web")).isNull();
    }

    @Test
    void triesWildcardsWhenNoPrefixOfTheExactHostMatches() {
        RouteTable table = compile(app("a.example.com", "/api", "api"), app("*.example.com", "/", "wide"));

        assertThat(table.find("a.example.com", "/api/x").app()).isEqualTo("api");
        assertThat(table.find("a.example.com", "/other").app()).isEqualTo("wide");
    }

    @Test
    void keepsOnlyRevisionsThatCanTakeTraffic() {
        RouteTable table = compile(
                route("hello.localhost", "hello",
                        revision(1, 0, endpoint("a", 9001)),
                        revision(2, 30),
                        revision(3, 70, endpoint("c", 9003))),
                route("empty.localhost", "empty"));

        Route hello = table.find("hello.localhost", "/");
        assertThat(hello.revisionCount()).isEqualTo(1);
        assertThat(hello.totalWeight()).isEqualTo(70);
        assertThat(hello.endpoint(0, 0).instanceId()).isEqualTo("c");
        assertThat(table.find("empty.localhost", "/").routable()).isFalse();
        assertThat(live.inFlight()).containsOnlyKeys("a", "c");
    }

    @Test
    void theCanaryHeaderPicksTheCanaryAloneOrEverythingElseWhateverTheWeights() {
        RouteTable table = compile(route("hello.localhost", "hello",
                revision(1, 100, endpoint("stable", 9001)),
                new io.cutover.core.routing.RevisionBackends(2, 0, java.util.List.of(endpoint("canary", 9002)), true)));

        Route hello = table.find("hello.localhost", "/");

        assertThat(hello.hasCanary()).isTrue();
        assertThat(hello.revisionCount()).as("at weight 0 users get none of it").isEqualTo(1);
        Route always = hello.forCanaryHeader("Always");
        assertThat(always.routable()).isTrue();
        assertThat(always.endpoint(0, 0).instanceId()).isEqualTo("canary");
        Route never = hello.forCanaryHeader("never");
        assertThat(never.revisionCount()).isEqualTo(1);
        assertThat(never.endpoint(0, 0).instanceId()).isEqualTo("stable");
        assertThat(hello.forCanaryHeader("maybe")).isSameAs(hello);
        assertThat(compile(app("plain.localhost", "/", "plain")).find("plain.localhost", "/").hasCanary()).isFalse();
    }

    @Test
    void aStickyRouteReadsItsCookieAndPinsToTheRevisionThatAnswered() {
        RouteTable table = compile(new RouteEntry("hello.localhost", "/", "hello", java.util.List.of(
                revision(1, 80, endpoint("stable", 9001)), revision(2, 20, endpoint("canary", 9002))), true, 0, null, null));

        Route hello = table.find("hello.localhost", "/");

        assertThat(hello.sticky()).isTrue();
        assertThat(hello.pinnedRevision("cutover-hello=2")).isEqualTo(1);
        assertThat(hello.pinnedRevision("a=b; cutover-hello=1; c=d")).isEqualTo(0);
        assertThat(hello.pinnedRevision("a=b;cutover-hello=2")).isEqualTo(1);
        assertThat(hello.pinnedRevision("not-cutover-hello=2")).as("another cookie's name").isEqualTo(-1);
        assertThat(hello.pinnedRevision("cutover-hello=7")).as("a revision that went away").isEqualTo(-1);
        assertThat(hello.pinnedRevision("cutover-hello=x")).isEqualTo(-1);
        assertThat(hello.pinnedRevision(null)).isEqualTo(-1);
        assertThat(hello.pinCookie(hello.endpoint(1, 0))).isEqualTo("cutover-hello=2; Path=/; HttpOnly; SameSite=Lax");
        assertThat(compile(app("plain.localhost", "/", "plain")).find("plain.localhost", "/").sticky()).isFalse();
    }
}
