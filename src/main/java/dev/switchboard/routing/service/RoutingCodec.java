package dev.switchboard.routing.service;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routing commands and their events, and routing queries and their answers, as JSON, so that they can travel between
 * instances (to the one that runs a queue's engine, and back to the ones holding the sockets).
 *
 * <p>Each command, event or query is an object whose {@code type} is its record's simple name ({@code Enqueue},
 * {@code Offered}, {@code Holder}); every record the sealed interfaces permit is known without a list to keep. An
 * answer is written as the type its query declares ({@code RoutingQuery<List<AgentStatus>>}), without a
 * {@code type}: whoever reads it knows the query it asked. Times are ISO-8601
 * text ({@code 2026-03-02T09:00:00Z}, {@code PT20S}) and unknown properties are ignored, as with the application's
 * mapper; the codec owns its mapper all the same, so what one instance writes does not depend on its
 * {@code quarkus.jackson.*} settings and the engine's records carry no Jackson annotations.
 */
public final class RoutingCodec {

    private static final TypeReference<List<RoutingEvent>> EVENTS = new TypeReference<>() {
    };

    /** Puts the type of a command, an event or a query in its {@code type} property. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    private interface Typed {
    }

    private final ObjectWriter commandWriter;
    private final ObjectReader commandReader;
    private final ObjectWriter eventsWriter;
    private final ObjectReader eventsReader;
    private final ObjectWriter queryWriter;
    private final ObjectReader queryReader;
    /** Each query record's answer writer and reader, for the answer type it declares. */
    private final Map<Class<?>, ObjectWriter> answerWriters = new HashMap<>();
    private final Map<Class<?>, ObjectReader> answerReaders = new HashMap<>();

    public RoutingCodec() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addMixIn(RoutingCommand.class, Typed.class)
                .addMixIn(RoutingEvent.class, Typed.class)
                .addMixIn(RoutingQuery.class, Typed.class)
                .build();
        mapper.registerSubtypes(named(RoutingCommand.class));
        mapper.registerSubtypes(named(RoutingEvent.class));
        mapper.registerSubtypes(named(RoutingQuery.class));
        commandWriter = mapper.writerFor(RoutingCommand.class);
        commandReader = mapper.readerFor(RoutingCommand.class);
        eventsWriter = mapper.writerFor(EVENTS);
        eventsReader = mapper.readerFor(EVENTS);
        queryWriter = mapper.writerFor(RoutingQuery.class);
        queryReader = mapper.readerFor(RoutingQuery.class);
        for (Class<?> query : records(RoutingQuery.class)) {
            JavaType answer = answerType(mapper, query);
            answerWriters.put(query, mapper.writerFor(answer));
            answerReaders.put(query, mapper.readerFor(answer));
        }
    }

    /** The answer type a query record declares: the type argument of its {@code RoutingQuery}. */
    private static JavaType answerType(ObjectMapper mapper, Class<?> query) {
        JavaType declared = mapper.getTypeFactory().constructType(query).findSuperType(RoutingQuery.class);
        JavaType answer = declared == null ? null : declared.containedType(0);
        if (answer == null || answer.getRawClass() == Object.class) {
            throw new IllegalStateException(query + " does not declare the type of its answer");
        }
        return answer;
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

    public String write(RoutingQuery<?> query) {
        try {
            return queryWriter.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Routing query " + query + " cannot be written as JSON", e);
        }
    }

    /** The query written in {@code json}; an IllegalArgumentException when it is not one. */
    public RoutingQuery<?> readQuery(String json) {
        try {
            return queryReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a routing query: " + e.getOriginalMessage(), e);
        }
    }

    /** The answer to {@code query} (of the type it declares; null is written as {@code null}). */
    public String writeAnswer(RoutingQuery<?> query, Object answer) {
        try {
            return answerWriters.get(query.getClass()).writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The answer to " + query + " cannot be written as JSON", e);
        }
    }

    /** The answer to {@code query} written in {@code json}; an IllegalArgumentException when it is not one. */
    public <R> R readAnswer(RoutingQuery<R> query, String json) {
        try {
            return answerReaders.get(query.getClass()).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not an answer to " + query.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
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
