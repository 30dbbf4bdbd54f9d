package dev.switchboard.indicators.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.platform.text.JsonStreams;
import java.io.IOException;

/**
 * JSON lines: one flat object per line whose values are strings or numbers (numbers are taken as written, never
 * through a double). Keys the kind does not know are ignored.
 */
final class JsonLineRows extends RowSource {

    JsonLineRows(LineReader lines, ImportKind kind) {
        super(lines, kind);
    }

    @Override
    protected void read() {
        try (JsonParser p = JsonStreams.FACTORY.createParser(lines.bytes(), 0, lines.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                fail(null, "is not a JSON object");
                return;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int field = fieldIndex(name);
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    if (field >= 0) {
                        fail(fields.get(field).key(), "must be a string or a number");
                        return;
                    }
                    p.skipChildren();
                    continue;
                }
                if (field < 0) {
                    continue;
                }
                if (values[field] != null) {
                    fail(fields.get(field).key(), "is given twice");
                    return;
                }
                switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values[field] = p.getText();
                    case VALUE_NULL -> { }
                    default -> {
                        fail(fields.get(field).key(), "must be a string or a number");
                        return;
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                fail(null, "is not one JSON object");
            }
        } catch (JsonProcessingException e) {
            fail(null, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            fail(null, "cannot be read: " + e.getMessage());
        }
    }
}
