package dev.switchboard.indicators.service;

import dev.switchboard.indicators.ImportRecord;
import dev.switchboard.indicators.repository.ImportRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads imports for the API. */
@ApplicationScoped
public class ImportQueries {

    /** A page of imports and how many there are. */
    public record Page(List<ImportRecord> items, long total) {
    }

    private final ImportRepository imports;

    ImportQueries(ImportRepository imports) {
        this.imports = imports;
    }

    public Uni<ImportRecord> find(long id) {
        return imports.find(id);
    }

    public Uni<Page> list(int page, int size) {
        return imports.list(page, size).chain(items -> imports.count().map(total -> new Page(items, total)));
    }
}
