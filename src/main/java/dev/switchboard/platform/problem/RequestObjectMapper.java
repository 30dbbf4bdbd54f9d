package dev.switchboard.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.switchboard.platform.text.NulCharacters;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * The object mapper of REST request and response bodies: the application's, plus one rule for every string of a
 * request body, value or key, at any depth: a NUL character is refused with 400 naming the field, in this one place
 * rather than per resource (PostgreSQL cannot store it). Only REST bodies: sockets and the database's JSON use the
 * application's mapper, and what a customer sent through a channel is kept with the NUL replaced.
 */
@Provider
@Singleton
public class RequestObjectMapper implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    RequestObjectMapper(ObjectMapper application) {
        SimpleModule noNul = new SimpleModule("no-nul-in-strings");
        noNul.addDeserializer(String.class, new NoNulString());
        noNul.addKeyDeserializer(String.class, new NoNulKey());
        this.mapper = application.copy().registerModule(noNul);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }

    /** Jackson's string deserializer, refusing a NUL. */
    static final class NoNulString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (NulCharacters.in(value)) {
                throw new NulInInputException(p, value);
            }
            return value;
        }
    }

    /** Map keys are read by a key deserializer, not the string one: the same rule. */
    static final class NoNulKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (NulCharacters.in(key)) {
                throw new NulInInputException(ctxt.getParser(), key);
            }
            return key;
        }
    }
}
