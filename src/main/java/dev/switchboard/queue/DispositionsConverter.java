package dev.switchboard.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;

/** Stores a queue's dispositions as a JSON array in a text column; an empty list is stored as null. */
@Converter
public class DispositionsConverter implements AttributeConverter<List<Disposition>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Disposition>> LIST = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<Disposition> dispositions) {
        if (dispositions == null || dispositions.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(dispositions);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Dispositions are not serialisable", e);
        }
    }

    @Override
    public List<Disposition> convertToEntityAttribute(String column) {
        if (column == null || column.isBlank()) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(JSON.readValue(column, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A queue's dispositions column is not a JSON list", e);
        }
    }
}
