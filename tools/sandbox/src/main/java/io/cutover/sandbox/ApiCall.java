package io.cutover.sandbox;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One request to the Kubernetes API as RBAC sees it: verb, API group, resource (with its subresource, as
 * {@code pods/log}), namespace; or a discovery path ({@code /version}, {@code /api}, {@code /apis}) that
 * every authenticated user may read.
 */
public record ApiCall(String verb, String group, String resource, @Nullable String namespace, String path) {

    /** The call a request line makes. */
    public static ApiCall of(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String[] parts = uri.getPath().replaceAll("^/+", "").split("/");
        int at;
        String group;
        if (parts[0].equals("api") && parts.length > 2) {
            group = "";
            at = 2;
        } else if (parts[0].equals("apis") && parts.length > 3) {
            group = parts[1];
            at = 3;
        } else {
            return new ApiCall("get", "", "", null, uri.getPath()); // discovery
        }
        String namespace = null;
        if (parts[at].equals("namespaces") && parts.length > at + 2) {
            namespace = parts[at + 1];
            at += 2;
        }
        String resource = parts[at];
        boolean named = parts.length > at + 1;
        if (parts.length > at + 2) {
            resource += "/" + parts[at + 2];
        }
        boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb = switch (method) {
            case "GET" -> named ? "get" : watch ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new ApiCall(verb, group, resource, namespace, uri.getPath());
    }

    /** Whether it is a discovery path rather than a resource. */
    public boolean discovery() {
        return resource.isEmpty();
    }

    @Override
    public String toString() {
        return discovery() ? "GET " + path : verb + " " + (group.isEmpty() ? "" : group + "/") + resource + " in " + namespace;
    }
}
