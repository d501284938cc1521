package io.latzero.persistence.jakartaee.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the observers of {@link ObservedEvents} have seen so far, one line per observed event. */
@Path("/events")
@RequestScoped
public class EventsResource {
    @Inject
    ObservedEvents events;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String list() {
        return String.join("\n", events.lines());
    }
}
