package io.latzero.persistence.jakartaee;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Plain HTTP calls of the WildFly integration tests (text in, text out). */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private Http() {
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    static HttpResponse<String> post(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Polls {@code uri} until it answers {@code status}; fails at {@code deadline} with the last answer. */
    static void awaitStatus(URI uri, int status, Instant deadline) throws IOException, InterruptedException {
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = get(uri);
                if (response.statusCode() == status) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (ConnectException notListening) {
                last = notListening.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(uri + " did not answer " + status + " in time; last: " + last);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
