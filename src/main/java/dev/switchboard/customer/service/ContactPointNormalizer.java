package dev.switchboard.customer.service;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.CustomerConfig;
import dev.switchboard.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings an address to the one form it is stored and looked up in: E.164 for phone and fax
 * numbers, lower case for email, a lower-case scheme and host for SIP URIs.
 */
@ApplicationScoped
public class ContactPointNormalizer {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern SIP = Pattern.compile("^(sips?):([^@\\s]+@)?([^@\\s;?]+)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LENGTH = 320;

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    ContactPointNormalizer(CustomerConfig config) {
        this.defaultRegion = config.defaultRegion().toUpperCase(Locale.ROOT);
    }

    /** The normalised value, or a validation problem naming {@code field}. */
    public String normalize(ContactPointType type, String raw, String field) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            throw ProblemException.invalid(field, "must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw ProblemException.invalid(field, "must be at most " + MAX_LENGTH + " characters");
        }
        return switch (type) {
            case PHONE, FAX -> phone(value, field);
            case EMAIL -> email(value, field);
            case SIP_URI -> sip(value, field);
            case CHAT_VISITOR -> value;
        };
    }

    /** Guesses the type of a bare value: an email, a SIP URI or else a phone number. */
    public ContactPointType guessType(String raw) {
        String value = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("sip:") || value.startsWith("sips:")) {
            return ContactPointType.SIP_URI;
        }
        return value.contains("@") ? ContactPointType.EMAIL : ContactPointType.PHONE;
    }

    private String phone(String value, String field) {
        try {
            Phonenumber.PhoneNumber number = phones.parse(value, defaultRegion);
            if (!phones.isPossibleNumber(number)) {
                throw ProblemException.invalid(field, "is not a possible phone number");
            }
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw ProblemException.invalid(field, "is not a phone number");
        }
    }

    private static String email(String value, String field) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:")) {
            lower = lower.substring("mailto:".length());
        }
        if (!EMAIL.matcher(lower).matches()) {
            throw ProblemException.invalid(field, "is not an email address");
        }
        return lower;
    }

    private static String sip(String value, String field) {
        var m = SIP.matcher(value);
        if (!m.matches()) {
            throw ProblemException.invalid(field, "is not a SIP URI (sip:user@host)");
        }
        String user = m.group(2) == null ? "" : m.group(2);
        return m.group(1).toLowerCase(Locale.ROOT) + ":" + user + m.group(3).toLowerCase(Locale.ROOT) + m.group(4);
    }
}
