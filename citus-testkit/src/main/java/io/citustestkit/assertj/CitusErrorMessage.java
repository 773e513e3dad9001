package io.citustestkit.assertj;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AssertionInfo;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.internal.Failures;

/**
 * Base of the failure messages of the Citus assertions, in AssertJ's style ({@code %nExpecting ...%nto ...%nbut
 * was ...}): like AssertJ's own {@code ShouldHaveSize}, a message is a format and its arguments kept apart, so
 * AssertJ formats the values with the assertion's {@code Representation} (a user's own one included) and a value
 * never ends up in the format. Values go through the Representation: counts, and the parameter values of a query
 * (so a {@code byte[]}, a {@code UUID} or a type of the user's shows as the user's Representation shows it, and a
 * string parameter shows quoted). Identifiers and SQL (table and column names as Citus writes them, the statement)
 * and the kit's own descriptions (of a table's metadata, of a plan, an error from the database) are shown as they
 * are, like SQL text.
 */
abstract class CitusErrorMessage extends BasicErrorMessageFactory {

    CitusErrorMessage(Parts parts) {
        super(parts.format.toString(), parts.arguments.toArray());
    }

    /**
     * The error of a numeric mismatch: the message of the factory (with the assertion's description, Representation
     * and overriding message, as {@code AbstractAssert.throwAssertionError} does) and the actual and expected values,
     * as an opentest4j {@code AssertionFailedError} when that is on the class path, so IDEs show the difference.
     * AssertJ's {@code Failures} is the one entry point that takes a message factory together with actual and
     * expected; {@code AbstractAssert.failWithActualExpectedAndMessage} takes a {@code String.format} format instead,
     * which would bypass the Representation.
     */
    static AssertionError withActualAndExpected(AssertionInfo info, ErrorMessageFactory message, Object actual,
            Object expected) {
        return Failures.instance().failure(info, message, actual, expected);
    }

    static Parts parts(String text) {
        return new Parts().text(text);
    }

    /** {@code n shard(s)}, the count as a value. */
    static Parts shards(int n) {
        return new Parts().value(n).text(n == 1 ? " shard" : " shards");
    }

    /** A message format and its arguments, built together. */
    static final class Parts {
        private final StringBuilder format = new StringBuilder();
        private final List<Object> arguments = new ArrayList<>();

        /** Constant text of the format: line breaks as {@code %n}, no other {@code %}. */
        Parts text(String formatText) {
            format.append(formatText);
            return this;
        }

        /** A value, formatted by the assertion's Representation. */
        Parts value(Object value) {
            format.append("%s");
            arguments.add(value);
            return this;
        }

        /** An identifier, SQL, or text of the kit's own (a description, a plan line): shown as it is. */
        Parts verbatim(Object text) {
            format.append("%s");
            arguments.add(unquotedString(String.valueOf(text)));
            return this;
        }

        /** Each line of a block as {@code %n} plus the indent plus the line. */
        Parts lines(String indent, Iterable<?> lines) {
            for (Object line : lines) {
                text("%n" + indent).verbatim(line);
            }
            return this;
        }

        Parts append(Parts other) {
            format.append(other.format);
            arguments.addAll(other.arguments);
            return this;
        }
    }
}
