package dev.switchboard.indicators.service;

import dev.switchboard.customer.service.CustomerService;
import dev.switchboard.indicators.ImportField;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.indicators.RowError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Checks a row's values and writes it as a line of PostgreSQL's COPY text format: line number, staging partition
 * (by the customer number), then the fields, separated by tabs, and counts the rows of each partition. Every value
 * written is plain ASCII without tabs or backslashes, so nothing needs escaping.
 */
final class RowEncoder {

    private static final Pattern CUSTOMER_NO = Pattern.compile(CustomerService.CUSTOMER_NO);
    private static final Pattern SECURITY_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,19}");
    private static final Pattern ASSET_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");

    private final List<ImportField> fields;
    private final String[] checked;
    private final ToIntFunction<String> partitions;
    private final long[] rowsPerPartition;

    /** {@code partitions} gives a customer number's staging partition, of {@code count}. */
    RowEncoder(ImportKind kind, ToIntFunction<String> partitions, int count) {
        this.fields = kind.fields();
        this.checked = new String[fields.size()];
        this.partitions = partitions;
        this.rowsPerPartition = new long[count];
    }

    /** The rows written to each partition so far. */
    long[] rowsPerPartition() {
        return rowsPerPartition;
    }

    /** Appends the row to the buffer, or returns what is wrong with it (and appends nothing). */
    RowError encode(long line, String[] values, CopyBuffer out) {
        for (int i = 0; i < fields.size(); i++) {
            ImportField field = fields.get(i);
            String value = values[i] == null ? null : values[i].strip();
            if (value == null || value.isEmpty()) {
                return new RowError(line, field.key(), "is required");
            }
            String problem = check(field.type(), value);
            if (problem != null) {
                return new RowError(line, field.key(), problem);
            }
            checked[i] = switch (field.type()) {
                case SECURITY_CODE, ASSET_TYPE -> value.toUpperCase(Locale.ROOT);
                default -> value;
            };
        }
        int partition = partitions.applyAsInt(checked[0]);
        rowsPerPartition[partition]++;
        out.append(Long.toString(line)).tab().append(Integer.toString(partition));
        for (String value : checked) {
            out.tab().append(value);
        }
        out.newline();
        return null;
    }

    private static String check(ImportField.Type type, String value) {
        return switch (type) {
            case CUSTOMER_NO -> CUSTOMER_NO.matcher(value).matches() ? null
                    : "must be 1 to 40 letters, digits and - _ . / starting with a letter or digit";
            case SECURITY_CODE -> SECURITY_CODE.matcher(value).matches() ? null
                    : "must be 1 to 20 letters, digits and - _ . starting with a letter or digit";
            case ASSET_TYPE -> ASSET_TYPE.matcher(value).matches() ? null
                    : "must be 1 to 30 letters, digits and _ starting with a letter";
            case AMOUNT -> decimal(value, false, 18, 2);
            case SIGNED_AMOUNT -> decimal(value, true, 18, 2);
            case QUANTITY -> decimal(value, false, 20, 4);
        };
    }

    /** Checks a plain decimal ({@code -1234.5}); returns what is wrong with it, or null. */
    static String decimal(String value, boolean signed, int maxIntegerDigits, int maxFractionDigits) {
        int i = 0;
        int n = value.length();
        if (n > 64) {
            return "is too long for a number";
        }
        if (value.charAt(0) == '-' || value.charAt(0) == '+') {
            if (value.charAt(0) == '-' && !signed) {
                return "must not be negative";
            }
            i++;
        }
        int integer = 0;
        while (i < n && isDigit(value.charAt(i))) {
            integer++;
            i++;
        }
        int fraction = 0;
        if (i < n && value.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(value.charAt(i))) {
                fraction++;
                i++;
            }
        }
        if (i != n || integer + fraction == 0) {
            return "must be a plain decimal number such as 1234.56";
        }
        int significant = integer;
        for (int k = value.charAt(0) == '-' || value.charAt(0) == '+' ? 1 : 0; significant > 0 && value.charAt(k) == '0'; k++) {
            significant--;
        }
        if (significant > maxIntegerDigits) {
            return "must have at most " + maxIntegerDigits + " digits before the decimal point";
        }
        if (fraction > maxFractionDigits) {
            return "must have at most " + maxFractionDigits + " digits after the decimal point";
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A growing byte buffer of COPY text, reused between chunks. */
    static final class CopyBuffer {
        private byte[] bytes;
        private int size;

        CopyBuffer(int initial) {
            bytes = new byte[initial];
        }

        CopyBuffer append(String ascii) {
            int n = ascii.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[size++] = (byte) ascii.charAt(i);
            }
            return this;
        }

        CopyBuffer tab() {
            ensure(1);
            bytes[size++] = '\t';
            return this;
        }

        void newline() {
            ensure(1);
            bytes[size++] = '\n';
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return bytes;
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        /** The bytes so far as an array of their own; the buffer is empty afterwards. */
        byte[] take() {
            byte[] copy = java.util.Arrays.copyOf(bytes, size);
            size = 0;
            return copy;
        }

        @Override
        public String toString() {
            return new String(bytes, 0, size, StandardCharsets.US_ASCII);
        }
    }
}
