package io.cutover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiClientServersTest {

    @Test
    void aCommaSeparatedListNamesEveryController() {
        assertThat(ApiClient.parseServers("ctl-1:7700, https://ctl-2:7700/,"))
                .containsExactly(URI.create("http://ctl-1:7700"), URI.create("https://ctl-2:7700"));
        assertThat(ApiClient.parseServers("http://127.0.0.1:7700")).containsExactly(URI.create("http://127.0.0.1:7700"));
    }

    @Test
    void aBadEntryOrNoEntryIsRefusedNamingIt() {
        assertThatThrownBy(() -> ApiClient.parseServers("ctl-1:7700,ftp://ctl-2"))
                .hasMessageStartingWith("'ftp://ctl-2' (expected: a URL like http://127.0.0.1:7700)");
        assertThatThrownBy(() -> ApiClient.parseServers(" , "))
                .hasMessageContaining("expected: one or more URLs");
        assertThatThrownBy(() -> new ApiClient(List.of(), null, null)).hasMessageStartingWith("servers: none");
    }
}
