package dev.switchboard.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.switchboard.platform.text.NulCharacters;

/** A string of a request body held a NUL character; {@link ProblemMappers} names the field. */
public class NulInInputException extends InvalidFormatException {

    public static final String MESSAGE = NulCharacters.NUL_MESSAGE;

    public NulInInputException(JsonParser parser, String value) {
        super(parser, MESSAGE, value, String.class);
    }
}
