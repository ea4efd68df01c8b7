package io.cutover.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

    private static StoreUrl parse(String text) {
        return StoreUrl.parse("--store", text);
    }

    private static StoreUrl.Postgres postgres(String text) {
        return (StoreUrl.Postgres) parse(text);
    }

    @Test
    void sqliteNamesADirectory() {
        assertThat(parse("sqlite:/var/lib/cutover")).isEqualTo(new StoreUrl.Sqlite(Path.of("/var/lib/cutover")));
        assertThat(parse("sqlite:data")).isEqualTo(new StoreUrl.Sqlite(Path.of("data")));
        assertThatThrownBy(() -> parse("sqlite:")).hasMessage("--store: sqlite: names no directory (expected: sqlite:DIR)");
    }

    @Test
    void aPostgresqlUrlGivesUserPasswordHostPortAndDatabase() {
        assertThat(parse("postgresql://cutover:s3cret@db.internal:6432/deploys"))
                .isEqualTo(new StoreUrl.Postgres("db.internal", 6432, "deploys", "cutover", "s3cret", Map.of()));
        assertThat(parse("postgres://cutover@db/deploys"))
                .isEqualTo(new StoreUrl.Postgres("db", 5432, "deploys", "cutover", null, Map.of()));
    }

    @Test
    void userAndPasswordArePercentDecodedAndAnIpv6HostIsInBrackets() {
        StoreUrl.Postgres url = postgres("postgresql://ops%40corp:p%3Aw%2Fd%23+1@[::1]:5433/my%20db");

        assertThat(url).isEqualTo(new StoreUrl.Postgres("::1", 5433, "my db", "ops@corp", "p:w/d#+1", Map.of()));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/my%20db");
    }

    @Test
    void aJdbcUrlGivesUserAndPasswordAsParameters() {
        assertThat(parse("jdbc:postgresql://db:5432/deploys?user=cutover&password=s3cret&sslmode=require"))
                .isEqualTo(new StoreUrl.Postgres("db", 5432, "deploys", "cutover", "s3cret", Map.of("sslmode", "require")));
    }

    @Test
    void driverParametersPassThroughToTheJdbcUrlWithoutCredentials() {
        StoreUrl.Postgres url = postgres("postgresql://cutover:s3cret@db/deploys?sslmode=verify-full&connectTimeout=5");

        assertThat(url.parameters()).isEqualTo(Map.of("sslmode", "verify-full", "connectTimeout", "5"));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/deploys?connectTimeout=5&sslmode=verify-full");
    }

    @Test
    void thePasswordIsNeverShown() {
        StoreUrl.Postgres url = postgres("postgresql://cutover:s3cret@db/deploys");

        assertThat(url.toString()).isEqualTo("postgresql://cutover@db:5432/deploys").doesNotContain("s3cret");
        assertThatThrownBy(() -> parse("postgresql://cutover:s3cret@db/deploys#x")).message().doesNotContain("s3cret");
        assertThatThrownBy(() -> parse("postgresql://cutover:s3 cret@db/deploys")).message().doesNotContain("s3 cret");
    }

    @Test
    void theUrlsPasswordElseTheFilesElsePgpassword() {
        StoreUrl.Postgres without = postgres("postgresql://cutover@db/deploys");
        StoreUrl.Postgres with = postgres("postgresql://cutover:url@db/deploys");

        assertThat(with.withPassword("--store-password-file", null, "env").password()).isEqualTo("url");
        assertThat(without.withPassword("--store-password-file", "file", "env").password()).isEqualTo("file");
        assertThat(without.withPassword("--store-password-file", null, "env").password()).isEqualTo("env");
        assertThat(without.withPassword("--store-password-file", null, null).password()).isNull();
        assertThatThrownBy(() -> with.withPassword("--store-password-file", "file", null))
                .hasMessage("--store-password-file: the store URL has a password already; give it once");
        assertThatThrownBy(() -> without.withPassword("--store-password-file", "", null))
                .hasMessage("--store-password-file: the file is empty (expected: the password)");
    }

    @Test
    void aBadUrlIsRefusedNamingTheOptionAndTheProblem() {
        assertThatThrownBy(() -> StoreUrl.parse("--to", "mysql://db/x"))
                .hasMessageStartingWith("--to: a store URL starts with sqlite:, postgresql:// or jdbc:postgresql://, not 'mysql:'");
        assertThatThrownBy(() -> parse("/var/lib/cutover")).hasMessageContaining("not no kind");
        assertThatThrownBy(() -> parse("postgresql://cutover@db")).hasMessageStartingWith("--store: names no database");
        assertThatThrownBy(() -> parse("postgresql://cutover@db/a/b")).hasMessageStartingWith("--store: names no database");
        assertThatThrownBy(() -> parse("postgresql://db/deploys")).hasMessageStartingWith("--store: names no user");
        assertThatThrownBy(() -> parse("postgresql:///deploys")).hasMessageStartingWith("--store: names no host");
        assertThatThrownBy(() -> parse("postgresql://cutover@db:0/deploys")).hasMessage("--store: port 0 (expected: 1..65535)");
        assertThatThrownBy(() -> parse("postgresql://cutover@db:99999/deploys")).hasMessage("--store: port 99999 (expected: 1..65535)");
        assertThatThrownBy(() -> parse("postgresql://cutover@db/deploys?colour=blue"))
                .hasMessageStartingWith("--store: unknown parameter 'colour'");
        assertThatThrownBy(() -> parse("postgresql://cutover@db/deploys?sslmode"))
                .hasMessageStartingWith("--store: parameter 'sslmode' has no value");
        assertThatThrownBy(() -> parse("postgresql://cutover@db/deploys?sslmode=a&sslmode=b"))
                .hasMessage("--store: parameter 'sslmode' is given twice");
        assertThatThrownBy(() -> parse("postgresql://cutover@db/deploys?user=other"))
                .hasMessageStartingWith("--store: gives the user both before the host and as a parameter");
        assertThatThrownBy(() -> parse("jdbc:postgresql://cutover@db/deploys"))
                .hasMessageStartingWith("--store: a JDBC URL gives the user as ?user=USER");
        assertThatThrownBy(() -> parse("jdbc:postgresql://db/deploys")).hasMessageStartingWith("--store: names no user");
    }
}
