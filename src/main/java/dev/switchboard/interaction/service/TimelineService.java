package dev.switchboard.interaction.service;

import dev.switchboard.interaction.TouchpointView;
import dev.switchboard.interaction.repository.TouchpointRepository;
import dev.switchboard.platform.PageView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A customer's timeline: every touchpoint across channels, newest first. */
@ApplicationScoped
public class TimelineService {

    private final TouchpointRepository touchpoints;

    TimelineService(TouchpointRepository touchpoints) {
        this.touchpoints = touchpoints;
    }

    @WithSession
    public Uni<PageView<TouchpointView>> timeline(long customerId, int page, int size) {
        return touchpoints.timeline(customerId, page, size)
                .chain(items -> touchpoints.countByCustomer(customerId)
                        .map(total -> new PageView<>(items.stream().map(TouchpointView::of).toList(), page, size, total)));
    }
}
