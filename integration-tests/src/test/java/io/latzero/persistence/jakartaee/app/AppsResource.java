package io.latzero.persistence.jakartaee.app;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Writes and reads apps through the injected {@link PersistenceManager}; answers in plain text. */
@Path("/apps")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class AppsResource {
    @Inject
    PersistenceManager persistence;

    /** Registers the app in its own transaction; answers its stored id and pools. */
    @POST
    @Path("{id}")
    public String register(@PathParam("id") String appId) {
        return describe(persistence.registerApp(appId, List.of("process-data"), List.of("data-pool"),
                Map.of("version", "1.0.0")));
    }

    /** Registers the app in a transaction that then fails, so the registration is rolled back. */
    @POST
    @Path("{id}/rolled-back")
    public String registerAndRollBack(@PathParam("id") String appId) {
        try {
            persistence.transaction(() -> {
                persistence.registerApp(appId, List.of(), List.of(), Map.of());
                throw new IllegalStateException("abort");
            });
        } catch (IllegalStateException expected) {
            return "rolled back: " + expected.getMessage();
        }
        throw new AssertionError("the transaction did not fail");
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String appId) {
        return persistence.getApp(appId)
                .map(app -> Response.ok(describe(app)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    private static String describe(App app) {
        return app.appId() + " pools=" + app.pools() + " triggers=" + app.triggers() + " meta=" + app.meta();
    }
}
