package dev.switchboard.platform.database;

import jakarta.persistence.AttributeConverter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Stores a set of enum constants in one column, comma-separated in declaration order. */
public abstract class EnumSetConverter<E extends Enum<E>> implements AttributeConverter<Set<E>, String> {

    private final Class<E> type;

    protected EnumSetConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(Set<E> values) {
        if (values == null) {
            return null;
        }
        EnumSet<E> ordered = EnumSet.noneOf(type);
        ordered.addAll(values);
        return ordered.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<E> convertToEntityAttribute(String column) {
        EnumSet<E> values = EnumSet.noneOf(type);
        if (column != null) {
            Arrays.stream(column.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(s -> values.add(Enum.valueOf(type, s)));
        }
        return values;
    }
}
