package dev.switchboard.routing.service;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Routing commands and their events as JSON, so that they can travel between instances (to the one that runs a
 * queue's engine, and back to the ones holding the sockets).
 *
 * <p>Each command or event is an object whose {@code type} is its record's simple name ({@code Enqueue},
 * {@code Offered}); every record the sealed interfaces permit is known without a list to keep. Times are ISO-8601
 * text ({@code 2026-03-02T09:00:00Z}, {@code PT20S}) and unknown properties are ignored, as with the application's
 * mapper; the codec owns its mapper all the same, so what one instance writes does not depend on its
 * {@code quarkus.jackson.*} settings and the engine's records carry no Jackson annotations.
 */
public final class RoutingCodec {

    private static final TypeReference<List<RoutingEvent>> EVENTS = new TypeReference<>() {
    };

    /** Puts the type of a command or an event in its {@code type} property. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    private interface Typed {
    }

    private final ObjectWriter commandWriter;
    private final ObjectReader commandReader;
    private final ObjectWriter eventsWriter;
    private final ObjectReader eventsReader;

    public RoutingCodec() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addMixIn(RoutingCommand.class, Typed.class)
                .addMixIn(RoutingEvent.class, Typed.class)
                .build();
        mapper.registerSubtypes(named(RoutingCommand.class));
        mapper.registerSubtypes(named(RoutingEvent.class));
        commandWriter = mapper.writerFor(RoutingCommand.class);
        commandReader = mapper.readerFor(RoutingCommand.class);
        eventsWriter = mapper.writerFor(EVENTS);
        eventsReader = mapper.readerFor(EVENTS);
    }

    public String write(RoutingCommand command) {
        try {
            return commandWriter.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Routing command " + command + " cannot be written as JSON", e);
        }
    }

    /** The command written in {@code json}; an IllegalArgumentException when it is not one. */
    public RoutingCommand readCommand(String json) {
        try {
            return commandReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a routing command: " + e.getOriginalMessage(), e);
        }
    }

    public String write(List<RoutingEvent> events) {
        try {
            return eventsWriter.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Routing events cannot be written as JSON", e);
        }
    }

    /** The events written in {@code json}; an IllegalArgumentException when they are not routing events. */
    public List<RoutingEvent> readEvents(String json) {
        try {
            return eventsReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not routing events: " + e.getOriginalMessage(), e);
        }
    }

    /** The records a sealed interface permits, through its sealed sub-interfaces, each named by its simple name. */
    static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add(permitted);
            } else if (permitted.isSealed()) {
                records.addAll(records(permitted));
            } else {
                throw new IllegalStateException(permitted + " is neither a record nor sealed");
            }
        }
        return records;
    }

    private static NamedType[] named(Class<?> sealed) {
        List<Class<?>> records = records(sealed);
        Set<String> names = new HashSet<>();
        NamedType[] types = new NamedType[records.size()];
        for (int i = 0; i < types.length; i++) {
            String name = records.get(i).getSimpleName();
            if (!names.add(name)) {
                throw new IllegalStateException("Two " + sealed.getSimpleName() + " records are named " + name);
            }
            types[i] = new NamedType(records.get(i), name);
        }
        return types;
    }
}
